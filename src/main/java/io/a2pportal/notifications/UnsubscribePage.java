package io.a2pportal.notifications;

import java.util.Optional;

import org.jboss.logging.Logger;

import io.a2pportal.accounts.AuditEntry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The page an unsubscribe link opens, and the one-click unsubscribe (RFC 8058), both without a
 * login: the link's signature is the authority. Opening the link changes nothing (mail scanners
 * open links); the page's button, or a mail client's one-click POST, turns that kind of mail off.
 * Served as routes of their own, outside the pages' login and CSRF check: a mail client's POST
 * carries neither, and the signed link is what a forged request could not have.
 */
@ApplicationScoped
public class UnsubscribePage {

    private static final Logger LOG = Logger.getLogger(UnsubscribePage.class);

    @Inject
    Unsubscribe unsubscribe;

    @Inject
    @Location("NotificationsResource/unsubscribe.html")
    Template page;

    void routes(@Observes Router router) {
        router.get(Unsubscribe.PATH + ":token").blockingHandler(this::show, false);
        router.post(Unsubscribe.PATH + ":token").handler(BodyHandler.create(false).setBodyLimit(4096))
                .blockingHandler(this::unsubscribe, false);
    }

    /** What the page says: the link's kind of mail, whether it is still on, and for whom. */
    public record View(boolean valid, boolean done, String kind, String email, String scope, String action) {
    }

    private void show(RoutingContext context) {
        String token = context.pathParam("token");
        Optional<Unsubscribe.Link> link = unsubscribe.read(token);
        if (link.isEmpty()) {
            render(context, 404, new View(false, false, null, null, null, null));
            return;
        }
        View view = QuarkusTransaction.requiringNew().call(() -> {
            NotificationPreference preference = NotificationPreference.findById(link.get().membershipId());
            boolean on = preference != null && switch (link.get().kind()) {
                case FAILURES -> preference.failureAlerts;
                case AGING -> preference.agingAlerts;
                case DIGEST -> preference.digest != NotificationPreference.Digest.NONE;
            };
            return new View(true, !on, link.get().kind().label, preference == null ? null : preference.email,
                    preference == null ? null : preference.membership.account.name, Unsubscribe.PATH + token);
        });
        render(context, 200, view);
    }

    private void unsubscribe(RoutingContext context) {
        String token = context.pathParam("token");
        Optional<Unsubscribe.Link> link = unsubscribe.read(token);
        if (link.isEmpty()) {
            render(context, 404, new View(false, false, null, null, null, null));
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> unsubscribe.apply(link.get()).ifPresent(preference -> {
            AuditEntry.record(preference.email, preference.membership.account, "notifications.unsubscribed",
                    "Unsubscribed from " + link.get().kind().label + " by the link in a mail");
            LOG.infof("Membership %d unsubscribed from %s", preference.membershipId, link.get().kind().label);
        }));
        String body = context.body().asString();
        if (body != null && body.contains("List-Unsubscribe=One-Click")) {
            // a mail client's one-click request: it reads the status, and must not be sent on
            context.response().setStatusCode(200).putHeader("Content-Type", "text/plain; charset=utf-8").end("Unsubscribed.");
            return;
        }
        context.response().setStatusCode(303).putHeader("Location", Unsubscribe.PATH + token).end();
    }

    private void render(RoutingContext context, int status, View view) {
        context.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store").putHeader("Referrer-Policy", "no-referrer")
                .end(page.data("view", view).render());
    }
}
