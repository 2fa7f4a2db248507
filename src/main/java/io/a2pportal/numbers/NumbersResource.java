package io.a2pportal.numbers;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.a2pportal.accounts.CurrentTenant;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.shared.InvalidInputException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The Active Numbers page for the whole account tree in scope, and one number's page. */
@Path("/numbers")
@Produces(MediaType.TEXT_HTML)
public class NumbersResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(TenantScope scope, List<AccountChoice> accounts, String accountOptions, NumberFilter filter, NumberPage page,
                List<StatusCount> counts, long total, PageRange range, List<StatusChoice> statuses, String error);

        static native TemplateInstance number(PhoneNumber number, MessagingService service, Campaign campaign, Brand brand,
                CustomerProfile profile, List<NumberAdvice.Advice> diagnoses, List<StatusHistory> history, long daysInStatus);

        static native TemplateInstance accountOptions(List<AccountChoice> accounts);
    }

    @Inject
    CurrentTenant tenant;

    @Inject
    NumberInventory inventory;

    @Inject
    NumberAdvice advice;

    @Inject
    AccountOptions accountOptions;

    @ConfigProperty(name = "portal.page-size", defaultValue = "50")
    int pageSize;

    @GET
    public Response list(@QueryParam("status") String status, @QueryParam("account") String account,
            @QueryParam("q") String search, @QueryParam("attention") String attention, @QueryParam("after") String after,
            @QueryParam("before") String before, @QueryParam("from") String from) {
        TenantScope scope = tenant.scope();
        NumberFilter filter;
        Long carriedFirst;
        try {
            filter = NumberFilter.parse(scope, status, account, search, attention, after, before);
            carriedFirst = PageRange.parseFirst(from);
        } catch (InvalidInputException e) {
            NumberFilter none = NumberFilter.none();
            return Response.status(400).entity(list(scope, none, new NumberPage(List.of(), false, false), List.of(), 0, null, e.getMessage()))
                    .build();
        }
        List<StatusCount> counts = inventory.countByStatus(scope, filter);
        // the chart counts every status; the total is of the numbers the filters match, status included
        long total = NumberInventory.matching(counts, filter);
        NumberPage page = inventory.page(scope, filter, pageSize);
        PageRange range = page.rows().isEmpty() ? null
                : PageRange.of(page, total, pageSize, carriedFirst, () -> inventory.countBefore(scope, filter, page.firstKey()));
        Map<String, NumberAdvice.Advice> mostSevere = advice.mostSevere(scope.rootId(),
                page.rows().stream().map(NumberRow::e164).toList());
        return Response.ok(list(scope, filter, page.withAdvice(mostSevere), counts, total, range, null)).build();
    }

    private TemplateInstance list(TenantScope scope, NumberFilter filter, NumberPage page, List<StatusCount> counts, long total,
            PageRange range, String error) {
        List<AccountChoice> accounts = inventory.accountChoices(scope, filter);
        return Templates.list(scope, accounts, accountOptions.html(accounts), filter, page, counts, total, range, StatusChoice.all(filter),
                error);
    }

    @GET
    @Path("{sid}")
    public TemplateInstance number(@PathParam("sid") String sid) {
        PhoneNumber number = PhoneNumber.findInScope(tenant.scope(), sid).orElseThrow(NotFoundException::new);
        MessagingService service = number.messagingService;
        Campaign campaign = service == null ? null : service.campaign;
        Brand brand = campaign == null ? null : campaign.brand;
        CustomerProfile profile = brand == null ? null : brand.customerProfile;
        return Templates.number(number, service, campaign, brand, profile,
                advice.of(number.rootAccountId, List.of(number.e164)).getOrDefault(number.e164, List.of()),
                StatusHistory.of(number, 100), StatusHistory.daysSince(number.statusChangedAt));
    }
}
