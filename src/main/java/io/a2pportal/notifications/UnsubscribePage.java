package io.a2pportal.notifications;

import java.util.Optional;

import org.jboss.logging.Logger;

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

    /** What the page says: the link's mail, whether it still comes, and for whom. */
    public record View(boolean valid, Unsubscribe.State state, String action) {
    }

    private void show(RoutingContext context) {
        String token = context.pathParam("token");
        Optional<Unsubscribe.Link> link = unsubscribe.read(token);
        if (link.isEmpty()) {
            render(context, 404, new View(false, null, null));
            return;
        }
        render(context, 200, new View(true, unsubscribe.state(link.get()), Unsubscribe.PATH + token));
    }

    private void unsubscribe(RoutingContext context) {
        String token = context.pathParam("token");
        Optional<Unsubscribe.Link> link = unsubscribe.read(token);
        if (link.isEmpty()) {
            render(context, 404, new View(false, null, null));
            return;
        }
        unsubscribe.apply(link.get());
        LOG.infof("Unsubscribed by a link: %s %d", link.get().kind(), link.get().id());
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
