package io.a2pportal.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.CurrentTenant;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.events.DeliveryLog;
import io.a2pportal.events.EventSinks;
import io.a2pportal.troubleshooting.Diagnoses;
import io.a2pportal.troubleshooting.Summary;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The troubleshooting summary and the live-updates sink's health, as their pages show them. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class SummaryApi {

    public record RuleJson(String rule, String title, String severity, long numbers) {
    }

    public record AccountJson(String sid, String name, long numbers, long needAction, long waiting) {
    }

    public record TroubleshootingJson(long numbers, long needAction, long waiting, List<RuleJson> rules,
            List<AccountJson> accounts) {
    }

    public record SinkJson(String url, Instant createdAt, long pending, long refused, Instant lastRefusedAt) {
    }

    public record AccountEvents(String sid, String name, boolean authTokenSet, Instant lastEvent) {
    }

    /** {@code sink} is null while the tree has none. */
    public record LiveUpdatesJson(SinkJson sink, List<AccountEvents> accounts) {
    }

    @Inject
    CurrentTenant tenant;

    @Inject
    Diagnoses diagnoses;

    @Inject
    EventSinks sinks;

    @Inject
    DeliveryLog log;

    @GET
    @Path("troubleshooting")
    public TroubleshootingJson troubleshooting() {
        Summary s = diagnoses.summarize(tenant.scope());
        return new TroubleshootingJson(s.numbers(), s.needAction(), s.waiting(),
                s.rules().stream().map(r -> new RuleJson(r.rule().name(), r.rule().title, r.rule().severity.name(), r.numbers()))
                        .toList(),
                s.accounts().stream()
                        .map(a -> new AccountJson(a.account().sid, a.account().name, a.numbers(), a.needAction(), a.waiting()))
                        .toList());
    }

    /** Owners only, as the page (anyone else gets 404). */
    @GET
    @Path("live-updates")
    public LiveUpdatesJson liveUpdates() {
        TenantScope scope = tenant.scope();
        SinkJson sink = sinks.sink(scope).map(s -> new SinkJson(sinks.url(s), s.createdAt(), log.pending(s.id()), s.refused(),
                s.lastRefusedAt())).orElse(null);
        Map<Long, Instant> last = log.lastEvents(scope);
        List<Long> withToken = sinks.tokens(scope).stream().map(EventSinks.Token::accountId).toList();
        List<AccountEvents> accounts = Account.inScope(scope).stream()
                .map(a -> new AccountEvents(a.sid, a.name, withToken.contains(a.id), last.get(a.id))).toList();
        return new LiveUpdatesJson(sink, accounts);
    }
}
