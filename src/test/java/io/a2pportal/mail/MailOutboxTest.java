package io.a2pportal.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.ext.mail.SMTPException;
import jakarta.inject.Inject;

/** One outbox for every kind of mail: one mail per decision, however often and wherever it is decided. */
@QuarkusTest
class MailOutboxTest {

    @Inject
    MailOutbox outbox;

    @Inject
    MockMailbox mailbox;

    @Test
    void aDecisionMadeTwiceSendsOneMailAndAnotherDecisionItsOwn() throws Exception {
        String to = "one-decision@outbox.test";
        CountDownLatch both = new CountDownLatch(2);
        // two transactions at once, as two instances deciding the same thing would be
        List<CompletableFuture<Void>> deciding = List.of(decide(both, to, "outbox-test:1"), decide(both, to, "outbox-test:1"));
        CompletableFuture.allOf(deciding.toArray(CompletableFuture[]::new)).join();
        QuarkusTransaction.requiringNew().run(() -> outbox.enqueue("outbox-test:1", "test", to, "Again", null, "again", "<p>again</p>"));
        QuarkusTransaction.requiringNew().run(() -> outbox.enqueue("outbox-test:2", "test", to, "Another", null, "another",
                "<p>another</p>"));

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> mailbox.getMailsSentTo(to) != null
                && mailbox.getMailsSentTo(to).size() >= 2);
        Thread.sleep(1000);
        List<String> subjects = mailbox.getMailsSentTo(to).stream().map(Mail::getSubject).sorted().toList();
        assertEquals(List.of("Another", "Decided"), subjects);
        assertEquals(2L, QuarkusTransaction.requiringNew().call(() -> OutboxMail.count("recipient", to)));
    }

    private CompletableFuture<Void> decide(CountDownLatch both, String to, String key) {
        return CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew().run(() -> {
            outbox.enqueue(key, "test", to, "Decided", null, "decided", "<p>decided</p>");
            both.countDown();
            try {
                // both have stored (or waited on) the mail before either commits
                both.await(java.util.concurrent.TimeUnit.SECONDS.toMillis(5), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
    }

    @Test
    void aMailRefusedForGoodIsGivenUpAndOneTheServerCouldNotTakeIsRetried() throws Exception {
        QuarkusMock.installMockForType(new MailSender(null) {
            @Override
            public void send(OutboxMail mail) {
                boolean permanent = mail.recipient.startsWith("no-such-mailbox");
                throw new CompletionException(new SMTPException(permanent ? "550 5.1.1 No such mailbox" : "451 4.3.0 Try later",
                        permanent ? 550 : 451, List.of(permanent ? "No such mailbox" : "Try later"), false));
            }
        }, MailSender.class);
        String refused = "no-such-mailbox@outbox.test";
        String later = "busy-server@outbox.test";
        QuarkusTransaction.requiringNew().run(() -> outbox.enqueue("outbox-test:refused", "test", refused, "Refused", null, "x", "<p>x</p>"));
        QuarkusTransaction.requiringNew().run(() -> outbox.enqueue("outbox-test:later", "test", later, "Later", null, "x", "<p>x</p>"));

        // the retries (every 200 ms to 1 s in tests) go on for the busy server, not for the refusal
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> attempts(later) >= 3);
        OutboxMail given = mailTo(refused);
        assertEquals(OutboxMail.REFUSED, given.state);
        assertEquals(1, given.attempts);
        assertTrue(given.lastError.contains("No such mailbox"), given.lastError);
        assertEquals(OutboxMail.PENDING, mailTo(later).state);
    }

    private static int attempts(String recipient) {
        return mailTo(recipient).attempts;
    }

    private static OutboxMail mailTo(String recipient) {
        return QuarkusTransaction.requiringNew().call(() -> {
            OutboxMail mail = OutboxMail.find("recipient", recipient).firstResult();
            return mail;
        });
    }
}
