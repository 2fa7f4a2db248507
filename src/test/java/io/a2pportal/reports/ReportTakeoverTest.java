package io.a2pportal.reports;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.github.kagkarlsson.scheduler.Scheduler;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.Role;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.jobs.JobScheduler;
import io.a2pportal.testing.TwoTenants;
import io.quarkus.arc.ClientProxy;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/** Reports survive a worker that dies mid-job, and several workers over one database generate each report once. */
@QuarkusTest
class ReportTakeoverTest {

    static final String DOMAIN = "report-takeover.test";
    static final String OWNER_A = "owner-a@" + DOMAIN;

    @Inject
    @TwoTenants.Of(DOMAIN)
    TwoTenants t;

    @Inject
    ReportFixtures reports;

    @Inject
    ReportRequests requests;

    @Inject
    JobScheduler jobs;

    @Inject
    ReportGenerator generator;

    @Inject
    MockMailbox mailbox;

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER_A))
    void reportLeftRunningByADeadWorkerIsFinishedByAnother() {
        String recipient = "takeover@" + DOMAIN;
        Report orphan = reports.leftRunningByDeadWorker(t.a, OWNER_A, recipient);
        String page = "/reports/" + orphan.id;
        ReportPages.awaitPageShowing(page, "Download CSV report");
        Report done = reports.report(orphan.id);
        assertEquals(2, done.attempt, "one new attempt after the dead one");
        List<List<String>> rows = ReportPages.parse(ReportPages.download(page));
        assertEquals(ReportPages.HEADER, rows.get(0));
        assertEquals(t.aNumbers.size() + t.a1Numbers.size() + t.a2Numbers.size(), rows.size() - 1);

        await().atMost(ReportPages.PATIENCE).until(() -> mailbox.getMailsSentTo(recipient) != null);
        assertEquals(1, mailbox.getMailsSentTo(recipient).size());
        assertEquals(1, reports.mails(orphan.id).size());
    }

    @Test
    void twoWorkersOverOneDatabaseGenerateEachReportOnce() throws Exception {
        // slower generations, so that both workers find reports waiting
        ReportGenerator real = ClientProxy.unwrap(generator);
        QuarkusMock.installMockForType(new ReportGenerator() {
            @Override
            public Written generate(long reportId, int attempt, ReportQuery query) throws SQLException, IOException {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return real.generate(reportId, attempt, query);
            }
        }, ReportGenerator.class);
        Scheduler second = jobs.build("second-worker");
        second.start();
        try {
            String recipient = "two-workers@" + DOMAIN;
            List<Long> ids = new ArrayList<>();
            for (Account account : List.of(t.a, t.a1, t.a2, t.b, t.b1)) {
                TenantScope scope = new TenantScope(account, Role.OWNER, account.rootId,
                        account.isTopLevel() ? null : account.id);
                for (int i = 0; i < 2; i++) {
                    ids.add(requests.request(scope, recipient, recipient, "all", List.of(), false).id);
                }
            }
            for (long id : ids) {
                await().atMost(ReportPages.PATIENCE).until(() -> reports.report(id).state == ReportState.READY);
            }
            await().atMost(ReportPages.PATIENCE).until(() -> mailbox.getMailsSentTo(recipient) != null
                    && mailbox.getMailsSentTo(recipient).size() >= ids.size());
            for (long id : ids) {
                assertEquals(1, reports.report(id).attempt, "report " + id + " generated once");
                assertEquals(1, reports.mails(id).size(), "report " + id + " mailed once");
            }
            assertEquals(ids.size(), mailbox.getMailsSentTo(recipient).size());
            Set<String> workers = new HashSet<>();
            for (long id : ids) {
                workers.add(reports.report(id).worker);
            }
            assertTrue(workers.contains("second-worker") && workers.size() == 2, "both workers took reports: " + workers);
        } finally {
            second.stop();
        }
    }
}
