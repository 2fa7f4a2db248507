package io.a2pportal.reports;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.a2pportal.testing.TwoTenants;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/**
 * Not only the generation may fail: a claim the database refuses every time, or mails that cannot
 * be written, also end the report FAILED with a reason after the configured attempts (3 in tests),
 * rather than retrying for ever.
 */
@QuarkusTest
class ReportStepFailureTest {

    static final String DOMAIN = "report-step-failure.test";
    static final String OWNER_A = "owner-a@" + DOMAIN;
    static final String OWNER_B = "owner-b@" + DOMAIN;

    @Inject
    @TwoTenants.Of(DOMAIN)
    TwoTenants t;

    @Inject
    ReportFixtures reports;

    @Inject
    DataSource dataSource;

    @Test
    @TestSecurity(user = "owner-a")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER_A))
    void aClaimThatFailsEveryTimeEndsTheReportFailed() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            // the database refuses to record any attempt at tenant A's reports
            st.execute("create function refuse_claim() returns trigger language plpgsql as $$ begin "
                    + "raise exception 'could not extend file: No space left on device'; end $$");
            st.execute("create trigger refuse_claim before update on report for each row when (new.state = 'RUNNING' "
                    + "and new.root_account_id = " + t.a.id + ") execute function refuse_claim()");
            try {
                String page = ReportPages.request("all");
                String failed = ReportPages.awaitPageShowing(page, "The report could not be generated.");
                assertTrue(failed.contains("after 3 attempts"), failed);
                assertTrue(failed.contains("No space left on device"), failed);
                assertTrue(failed.contains("Request a new report"), failed);
                assertFalse(failed.contains("This page refreshes by itself."), failed);
                given().get(page + "/download").then().statusCode(404);
                ReportPages.awaitPageShowing("/reports", "Failed");
            } finally {
                st.execute("drop trigger refuse_claim on report");
                st.execute("drop function refuse_claim()");
            }
        }
    }

    @Test
    @TestSecurity(user = "owner-b")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER_B))
    void mailsThatCannotBeWrittenEndTheReportFailed() {
        QuarkusMock.installMockForType(new ReportMails() {
            @Override
            void ready(Report report) {
                throw new IllegalStateException("The outbox table is unavailable");
            }

            @Override
            void failed(Report report) {
                throw new IllegalStateException("The outbox table is unavailable");
            }
        }, ReportMails.class);

        String page = ReportPages.request("all");
        String failed = ReportPages.awaitPageShowing(page, "The report could not be generated.");
        assertTrue(failed.contains("after 3 attempts"), failed);
        assertTrue(failed.contains("The outbox table is unavailable"), failed);
        assertFalse(failed.contains("Download CSV report"), failed);
        given().get(page + "/download").then().statusCode(404);
        assertTrue(reports.mails(ReportPages.id(page)).isEmpty(), "no mail was written");
    }
}
