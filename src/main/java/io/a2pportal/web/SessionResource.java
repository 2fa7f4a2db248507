package io.a2pportal.web;

import java.time.Duration;
import java.util.Optional;

import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestQuery;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

/** The page a browser lands on when its session has ended, and the way back to what the user was doing. */
@Path(SessionLifetime.ENDED_PATH)
@Produces(MediaType.TEXT_HTML)
public class SessionResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance ended(String then, boolean posted, boolean kept, String idle, String maxLifetime);

        static native TemplateInstance resume(SessionDraft draft);
    }

    @Inject
    SessionConfig config;

    /** Public: says that the session ended and why sessions end, and links to the login. */
    @GET
    public Response ended(@RestQuery String then, @RestQuery boolean posted,
            @RestCookie(SessionDraft.COOKIE) String draft) {
        String back = SessionDraft.isLocalPath(then) ? then : "/numbers";
        boolean kept = draft != null && SessionDraft.decode(draft).isPresent();
        return Response.ok(Templates.ended(back, posted, kept, words(config.idle()), words(config.maxLifetime())))
                // the next login starts afresh: the challenge no longer sends this browser here
                .cookie(expired(SessionLifetime.SIGNED_IN_COOKIE, "/"))
                .build();
    }

    /** Behind the login: the form that was posted after the session had ended, to send again. */
    @GET
    @Path("resume")
    public Response resume(@RestCookie(SessionDraft.COOKIE) String draft) {
        Optional<SessionDraft> kept = draft == null ? Optional.empty() : SessionDraft.decode(draft);
        if (kept.isEmpty()) {
            return Flash.redirect("/numbers", "There is no form waiting to be sent.");
        }
        return Response.ok(Templates.resume(kept.get())).cookie(expired(SessionDraft.COOKIE, SessionDraft.COOKIE_PATH)).build();
    }

    static NewCookie expired(String name, String path) {
        return new NewCookie.Builder(name).value("").path(path).maxAge(0).httpOnly(true).build();
    }

    /** "30 minutes", "10 hours", "1 hour 30 minutes". */
    static String words(Duration duration) {
        long hours = duration.toHours();
        long minutes = duration.toMinutesPart();
        long seconds = duration.toSecondsPart();
        StringBuilder text = new StringBuilder();
        append(text, hours, "hour");
        append(text, minutes, "minute");
        append(text, seconds, "second");
        return text.isEmpty() ? "0 seconds" : text.toString();
    }

    private static void append(StringBuilder text, long amount, String unit) {
        if (amount > 0) {
            text.append(text.isEmpty() ? "" : " ").append(amount).append(' ').append(unit).append(amount == 1 ? "" : "s");
        }
    }
}
