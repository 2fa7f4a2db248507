package io.a2pportal.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jboss.resteasy.reactive.RestForm;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.CurrentTenant;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.shared.InvalidInputException;
import io.a2pportal.web.Flash;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The Live updates page, for owners: the tree's Event Streams sink and how it authenticates, each
 * account's auth token and set-up, what the sink received, and what it refused. See
 * {@link EventSinks} for who may do what.
 */
@Path("/live-updates")
@Produces(MediaType.TEXT_HTML)
public class LiveUpdatesResource {

    static final Duration COUNTS_WINDOW = Duration.ofHours(24);

    /** One account of the scope as the page lists it. */
    public record AccountRow(Account account, EventSinks.Token token, Instant lastEvent, List<DeliveryLog.TypeCount> counts,
            String cli, String api) {
    }

    /** The Basic credentials just generated, shown on this one response and never again. */
    public record Shown(String user, String password, String url) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(TenantScope scope, EventSinks.Sink sink, String sinkUrl, Shown shown,
                List<AccountRow> accounts, List<DeliveryLog.Problem> problems, boolean simulator, String error);
    }

    @Inject
    CurrentTenant tenant;

    @Inject
    EventSinks sinks;

    @Inject
    DeliveryLog log;

    @Inject
    VendorSimulator simulator;

    @GET
    public TemplateInstance page() {
        return page(tenant.scope(), null, null);
    }

    @POST
    @Path("sink")
    public Response create() {
        TenantScope scope = tenant.scope();
        try {
            return shown(scope, sinks.create(scope, tenant.displayName()));
        } catch (InvalidInputException e) {
            return Response.status(400).entity(page(scope, null, e.getMessage())).build();
        }
    }

    @POST
    @Path("sink/credentials")
    public Response regenerate() {
        TenantScope scope = tenant.scope();
        return shown(scope, sinks.regenerate(scope, tenant.displayName()));
    }

    @POST
    @Path("tokens/{sid}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response setToken(@PathParam("sid") String sid, @RestForm String token) {
        TenantScope scope = tenant.scope();
        try {
            Account account = sinks.setToken(scope, tenant.displayName(), sid, token);
            return Flash.redirect("/live-updates#account-" + account.sid, "The auth token of " + account.name
                    + " is set. It is kept encrypted and will not be shown again.");
        } catch (InvalidInputException e) {
            return Response.status(400).entity(page(scope, null, e.getMessage())).build();
        }
    }

    @POST
    @Path("tokens/{sid}/remove")
    public Response removeToken(@PathParam("sid") String sid) {
        TenantScope scope = tenant.scope();
        try {
            Account account = sinks.removeToken(scope, tenant.displayName(), sid);
            return Flash.redirect("/live-updates#account-" + account.sid, "The auth token of " + account.name
                    + " is removed: deliveries signed with it are refused from now on.");
        } catch (InvalidInputException e) {
            return Response.status(400).entity(page(scope, null, e.getMessage())).build();
        }
    }

    @POST
    @Path("simulate")
    public Response simulate() {
        TenantScope scope = tenant.scope();
        try {
            int sent = simulator.send(scope);
            return Flash.redirect("/live-updates", "The simulator sent " + sent + " event" + (sent == 1 ? "" : "s")
                    + " to the sink, signed as the vendor would. Active numbers shows them once they are applied.");
        } catch (InvalidInputException e) {
            return Response.status(400).entity(page(scope, null, e.getMessage())).build();
        }
    }

    /** The page with the new password on it, not to be kept by any cache. */
    private Response shown(TenantScope scope, EventSinks.NewCredentials created) {
        Shown shown = new Shown(created.sink().basicUser(), created.password(),
                sinks.urlWithCredentials(created.sink(), created.password()));
        return Response.ok(page(scope, shown, null)).header("Cache-Control", "no-store").build();
    }

    private TemplateInstance page(TenantScope scope, Shown shown, String error) {
        EventSinks.Sink sink = sinks.sink(scope).orElse(null);
        String url = sink == null ? null : sinks.url(sink);
        Map<Long, EventSinks.Token> tokens = sinks.tokens(scope).stream()
                .collect(Collectors.toMap(EventSinks.Token::accountId, Function.identity()));
        Map<Long, Instant> last = log.lastEvents(scope);
        Map<Long, List<DeliveryLog.TypeCount>> counts = log.countsSince(scope, Instant.now().minus(COUNTS_WINDOW));
        List<AccountRow> rows = Account.inScope(scope).stream()
                .map(a -> new AccountRow(a, tokens.get(a.id), last.get(a.id), counts.getOrDefault(a.id, List.of()),
                        url == null ? null : SetupCommands.cli(a.sid, url), url == null ? null : SetupCommands.api(a.sid, url)))
                .toList();
        // refusals and problems name deliveries of the whole tree: its owner's to read
        List<DeliveryLog.Problem> problems = sink != null && scope.isWholeTree() ? log.problems(sink.id()) : List.of();
        return Templates.page(scope, sink, url, shown, rows, problems, simulator.enabled() && scope.isWholeTree(), error);
    }
}
