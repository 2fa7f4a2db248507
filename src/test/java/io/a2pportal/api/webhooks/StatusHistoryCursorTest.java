package io.a2pportal.api.webhooks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.Role;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * A status change committed late, after a later one, still becomes an event, and each change
 * becomes one exactly once, however many passes the recurring job makes.
 */
@QuarkusTest
class StatusHistoryCursorTest {

    @Inject
    Fixtures fixtures;

    @Inject
    Endpoints endpoints;

    @Inject
    WebhookEvents events;

    @Inject
    WebhookFixtures webhooks;

    @Inject
    DataSource dataSource;

    @Test
    void aChangeCommittedLateIsNotSkippedAndNoneIsEmittedTwice() throws Exception {
        Account tree = fixtures.ownedTree("Cursor Tree", "owner@cursor.test");
        List<String> numbers = fixtures.numbers(tree, null, RegistrationStatus.UNREGISTERED, 2);
        try (Receiver receiver = new Receiver()) {
            endpoints.register(new TenantScope(tree, Role.OWNER, tree.id, null), "setup", receiver.url(),
                    List.of("number.status_changed"));
            try (Connection early = dataSource.getConnection(); Connection late = dataSource.getConnection()) {
                early.setAutoCommit(false);
                // the early transaction writes first (a lower id) and commits last
                history(early, tree, numbers.get(0));
                history(late, tree, numbers.get(1));
                events.emit();
                events.emit();
                assertEquals(List.of(), webhooks.changedNumbers(tree.id), "nothing before the early transaction ends");
                early.commit();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> webhooks.changedNumbers(tree.id).size() == 2);
            events.emit();
            events.emit();
            assertEquals(numbers, webhooks.changedNumbers(tree.id));
        }
    }

    private static void history(Connection c, Account tree, String e164) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("insert into number_status_history (phone_number_id, root_account_id, "
                + "old_status, new_status, source, source_ref) select id, root_account_id, 'UNREGISTERED', "
                + "'PENDING_REGISTRATION', 'API', 'cursor-test' from phone_number where e164 = ?")) {
            st.setString(1, e164);
            assertEquals(1, st.executeUpdate());
        }
    }
}
