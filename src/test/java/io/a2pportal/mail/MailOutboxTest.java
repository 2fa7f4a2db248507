package io.a2pportal.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
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
}
