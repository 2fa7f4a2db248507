package io.a2pportal.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import io.a2pportal.accounts.CurrentTenant;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.numbers.Brand;
import io.a2pportal.numbers.Campaign;
import io.a2pportal.numbers.MessagingService;
import io.a2pportal.numbers.NumberAdvice;
import io.a2pportal.numbers.NumberFilter;
import io.a2pportal.numbers.NumberInventory;
import io.a2pportal.numbers.NumberPage;
import io.a2pportal.numbers.NumberRow;
import io.a2pportal.numbers.PhoneNumber;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.numbers.StatusHistory;
import io.a2pportal.shared.Formats;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The numbers in scope, as Active Numbers shows them: the same filters, keyset pages, counts and one number's page. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class NumbersApi {

    static final int MAX_LIMIT = 500;

    public record NumberJson(String sid, String e164, RegistrationStatus status, String accountSid, String accountName,
            String messagingServiceSid, String campaignSid, String campaignStatus, String brandType, Instant statusChangedAt,
            Instant statusObservedAt, String statusSource) {

        static NumberJson of(NumberRow r) {
            return new NumberJson(r.sid(), r.e164(), r.status(), r.accountSid(), r.accountName(), r.messagingServiceSid(),
                    r.campaignSid(), r.campaignStatus(), r.brandKind(), r.statusChangedAt(), r.statusObservedAt(),
                    r.statusSource());
        }
    }

    /** A page of numbers; {@code next} is the cursor of the page after it, null on the last. */
    public record NumbersPage(long total, List<NumberJson> numbers, String next) {
    }

    public record HistoryJson(RegistrationStatus from, RegistrationStatus to, Instant at, String source, String sourceRef,
            Long uploadId) {
    }

    public record AdviceJson(String severity, String title, String explanation, String remedy, String errorCode) {
    }

    public record NumberDetail(String sid, String e164, RegistrationStatus status, String accountSid, String accountName,
            String messagingServiceSid, String campaignSid, String campaignStatus, String brandSid, String brandType,
            String failureReason, Integer errorCode, Instant statusChangedAt, Instant statusObservedAt, String statusSource,
            List<AdviceJson> advice, List<HistoryJson> history) {
    }

    public record CountJson(RegistrationStatus status, long count) {
    }

    public record Counts(long total, List<CountJson> counts) {
    }

    @Inject
    CurrentTenant tenant;

    @Inject
    NumberInventory inventory;

    @Inject
    NumberAdvice advice;

    @GET
    @Path("numbers")
    public NumbersPage numbers(@QueryParam("status") String status, @QueryParam("account") String account,
            @QueryParam("q") String search, @QueryParam("attention") String attention, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiException(400, "limit is a number of numbers from 1 to " + MAX_LIMIT + ".");
        }
        TenantScope scope = tenant.scope();
        NumberFilter filter = NumberFilter.parse(scope, status, account, search, attention, after(cursor), null);
        long total = NumberInventory.matching(inventory.countByStatus(scope, filter), filter);
        NumberPage page = inventory.page(scope, filter, limit);
        return new NumbersPage(total, page.rows().stream().map(NumberJson::of).toList(),
                page.hasNext() ? cursorOf(page.lastKey()) : null);
    }

    @GET
    @Path("numbers/{key}")
    public NumberDetail number(@PathParam("key") String key) {
        PhoneNumber n = PhoneNumber.findInScope(tenant.scope(), key).orElseThrow(NotFoundException::new);
        MessagingService service = n.messagingService;
        Campaign campaign = service == null ? null : service.campaign;
        Brand brand = campaign == null ? null : campaign.brand;
        List<AdviceJson> diagnoses = advice.of(n.rootAccountId, List.of(n.e164)).getOrDefault(n.e164, List.of()).stream()
                .map(a -> new AdviceJson(a.severity().label(), a.title(), a.explanation(), a.remedy(), a.errorCode())).toList();
        List<HistoryJson> history = StatusHistory.of(n, 100).stream()
                .map(h -> new HistoryJson(h.from(), h.to(), h.at(), h.source(), h.sourceRef(), h.uploadId())).toList();
        return new NumberDetail(n.sid, n.e164, n.status, n.account.sid, n.account.name, service == null ? null : service.sid,
                campaign == null ? null : campaign.consoleSid, campaign == null ? null : campaign.status.name(),
                brand == null ? null : brand.sid, brand == null ? null : brand.kind(), n.failureReason, n.errorCode,
                n.statusChangedAt, n.statusObservedAt, n.statusSource, diagnoses, history);
    }

    @GET
    @Path("counts")
    public Counts counts(@QueryParam("account") String account, @QueryParam("q") String search,
            @QueryParam("attention") String attention) {
        TenantScope scope = tenant.scope();
        NumberFilter filter = NumberFilter.parse(scope, null, account, search, attention, null, null);
        List<CountJson> counts = inventory.countByStatus(scope, filter).stream()
                .map(c -> new CountJson(c.status(), c.count())).toList();
        return new Counts(counts.stream().mapToLong(CountJson::count).sum(), counts);
    }

    /** The cursor is opaque to clients: today the last number of the page before, encoded. */
    static String cursorOf(String e164) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(e164.getBytes(StandardCharsets.UTF_8));
    }

    private static String after(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String e164 = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
            if (Formats.isE164(e164)) {
                return e164;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the message
        }
        throw new ApiException(400, "The cursor is not one this API gave; pass the \u201cnext\u201d of a page as it came.");
    }
}
