package io.a2pportal.uploads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.Role;
import io.a2pportal.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;

/**
 * A status report that turns out bad after more than 11,000 changes: by then more than 10,000 of
 * them have been streamed into the ledger's staging, in the import's transaction. The upload is
 * rejected with the file's own message, and the inventory is as it was. A good file whose import
 * breaks after the ledger applied all its changes, in the same transaction, changes nothing either.
 * (The files are sent gzip-compressed to stay under the tests' upload size limit.)
 */
@QuarkusTest
class UploadBreakingLateTest {

    static final String OWNER = "owner@breaking-late.test";
    static final int NUMBERS = 12_000;
    static final int BREAKS_ON = 11_500;

    @Inject
    Fixtures fixtures;

    @Inject
    DataSource dataSource;

    @Inject
    TestImportSteps steps;

    Account parent;

    @BeforeEach
    void tree() throws Exception {
        if (parent != null) {
            return;
        }
        parent = fixtures.parent("Breaking Late Parent");
        fixtures.removeMemberships(OWNER);
        fixtures.member(parent, OWNER, Role.OWNER);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("insert into phone_number (e164, account_id, root_account_id, status) select '+1' || (7000000000 + i), "
                    + parent.id + ", " + parent.id + ", 'PENDING_REGISTRATION' from generate_series(1, " + NUMBERS + ") i");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "long line  | Line 11501 is longer than 4,096 characters",
            "not UTF-8  | The file is not UTF-8 text.",
            "bad status | The file was not imported: 1 problem to fix first. Nothing was changed.",
    })
    @TestSecurity(user = "owner")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER))
    void aFileFoundBadAfterManyAppliedChangesChangesNothing(String breakage, String message) throws Exception {
        String name = "late-" + breakage.replace(' ', '-') + ".csv.gz";
        UploadClient.assertRejected(fixtures, parent, name, UploadClient.gzip(report(breakage)), message);
        assertTrue(steps.count(name, ImportSteps.Step.READ) >= 10_000, "rows were staged before the break");
    }

    @Test
    @TestSecurity(user = "owner")
    @OidcSecurity(claims = @Claim(key = "email", value = OWNER))
    void anImportBreakingAfterTheLedgerAppliedEveryChangeChangesNothing() {
        String before = fixtures.inventorySnapshot(parent);
        long history = fixtures.historyCount(parent);
        // TestImportSteps breaks the import after the ledger applied the changes, before the transaction commits
        String name = "late.break-after-applied.csv.gz";
        String page = UploadClient.upload(name, UploadClient.gzip(report("none")));
        assertTrue(page.contains("Failed: nothing changed"), page);
        assertTrue(page.contains("The import failed and nothing was changed."), page);
        assertEquals(NUMBERS, steps.count(name, ImportSteps.Step.APPLIED), "every number was changed in the transaction");
        assertEquals(before, fixtures.inventorySnapshot(parent));
        assertEquals(history, fixtures.historyCount(parent));
    }


    /** Every number's status changed, the file breaking on line 11,501 (row 11,500) as asked. */
    private byte[] report(String breakage) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("AccountSid,CampaignSid,MessagingServiceSid,PhoneNumber,Status\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 1; i <= NUMBERS; i++) {
            String status = "REGISTERED";
            if (i == BREAKS_ON) {
                switch (breakage) {
                    case "long line" -> status = "REGISTERED" + " ".repeat(5000);
                    case "not UTF-8" -> {
                        out.writeBytes((parent.sid + ",,,+1" + (7000000000L + i) + ",REGISTERED").getBytes(StandardCharsets.US_ASCII));
                        out.write(0xc3); // a lead byte with no continuation
                        out.write('\n');
                        continue;
                    }
                    case "bad status" -> status = "ACTIVE";
                    default -> {
                    }
                }
            }
            out.writeBytes((parent.sid + ",,,+1" + (7000000000L + i) + "," + status + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }
}
