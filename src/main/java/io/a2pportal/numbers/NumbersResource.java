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
        static native TemplateInstance list(TenantScope scope, List<AccountChoice> accounts, NumberFilter filter, NumberPage page,
                Map<String, NumberAdvice.Advice> advice, List<StatusCount> counts, long total, PageRange range,
                List<RegistrationStatus> statuses, String error);

        static native TemplateInstance number(PhoneNumber number, MessagingService service, Campaign campaign, Brand brand,
                CustomerProfile profile, List<NumberAdvice.Advice> diagnoses, List<StatusHistory> history, long daysInStatus);
    }

    @Inject
    CurrentTenant tenant;

    @Inject
    NumberInventory inventory;

    @Inject
    NumberAdvice advice;

    @ConfigProperty(name = "portal.page-size", defaultValue = "50")
    int pageSize;

    @GET
    public Response list(@QueryParam("status") String status, @QueryParam("account") String account,
            @QueryParam("q") String search, @QueryParam("attention") String attention, @QueryParam("after") String after,
            @QueryParam("before") String before, @QueryParam("from") String from) {
        TenantScope scope = tenant.scope();
        List<RegistrationStatus> statuses = List.of(RegistrationStatus.values());
        NumberFilter filter;
        Long carriedFirst;
        try {
            filter = NumberFilter.parse(scope, status, account, search, attention, after, before);
            carriedFirst = PageRange.parseFirst(from);
        } catch (InvalidInputException e) {
            NumberFilter none = NumberFilter.none();
            return Response.status(400).entity(Templates.list(scope, inventory.accountChoices(scope, none), none, new NumberPage(List.of(), false, false),
                    Map.of(), List.of(), 0, null, statuses, e.getMessage())).build();
        }
        List<StatusCount> counts = inventory.countByStatus(scope, filter);
        // the chart counts every status; the total is of the numbers the filters match, status included
        long total = NumberInventory.matching(counts, filter);
        NumberPage page = inventory.page(scope, filter, pageSize);
        PageRange range = page.rows().isEmpty() ? null
                : PageRange.of(page, total, pageSize, carriedFirst, () -> inventory.countBefore(scope, filter, page.firstKey()));
        Map<String, NumberAdvice.Advice> mostSevere = advice.mostSevere(scope.rootId(),
                page.rows().stream().map(NumberRow::e164).toList());
        return Response.ok(Templates.list(scope, inventory.accountChoices(scope, filter), filter, page, mostSevere, counts, total, range, statuses, null)).build();
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
