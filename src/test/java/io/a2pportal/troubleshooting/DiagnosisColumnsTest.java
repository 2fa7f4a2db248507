package io.a2pportal.troubleshooting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import io.a2pportal.numbers.BrandStatus;
import io.a2pportal.numbers.CampaignStatus;
import io.a2pportal.numbers.RegistrationStatus;

/** The report's Diagnosis and Remedy cells: order, wording, and a round trip through CSV. */
class DiagnosisColumnsTest {

    static final Advisor ADVISOR = AdvisorTest.ADVISOR;

    @Test
    void noDiagnosisGivesEmptyCells() {
        DiagnosisColumns.Cells cells = DiagnosisColumns.of(ADVISOR, AdvisorTest.registered().build());
        assertEquals(new DiagnosisColumns.Cells("", ""), cells);
    }

    @Test
    void oneEntryPerDiagnosisMostSevereFirstInBothCells() {
        NumberFacts facts = AdvisorTest.registered().status(RegistrationStatus.PENDING_DEREGISTRATION)
                .campaign(CampaignStatus.SUSPENDED).serviceNumbers(400).build();
        DiagnosisColumns.Cells cells = DiagnosisColumns.of(ADVISOR, facts);

        String[] diagnoses = cells.diagnosis().split(" \\| ");
        String[] remedies = cells.remedy().split(" \\| ");
        assertEquals(3, diagnoses.length, cells.diagnosis());
        assertEquals(3, remedies.length, cells.remedy());
        assertTrue(diagnoses[0].startsWith("Campaign blocked (act): Campaign " + Facts.CM), diagnoses[0]);
        assertTrue(diagnoses[1].startsWith("Deregistration under way (wait, error 30035): "), diagnoses[1]);
        assertTrue(diagnoses[2].startsWith("Messaging service near its 400-number limit (fine, error 21714): "), diagnoses[2]);
        assertTrue(remedies[0].startsWith("Campaign blocked: Contact support"), remedies[0]);
        assertTrue(remedies[1].startsWith("Deregistration under way: Nothing"), remedies[1]);
        assertTrue(remedies[2].startsWith("Messaging service near its 400-number limit: Nothing"), remedies[2]);
    }

    @Test
    void everyRuleGivesCellsThatStartWithALetter() {
        Set<Rule> seen = EnumSet.noneOf(Rule.class);
        for (Facts facts : oneCasePerRule()) {
            List<Diagnosis> diagnoses = ADVISOR.diagnose(facts.build());
            diagnoses.forEach(d -> seen.add(d.rule()));
            DiagnosisColumns.Cells cells = DiagnosisColumns.of(diagnoses);
            for (String cell : cells.asList()) {
                if (cell.isEmpty()) {
                    continue;
                }
                assertTrue(Character.isLetter(cell.charAt(0)), cell);
                assertTrue(cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0, cell);
            }
        }
        assertEquals(EnumSet.allOf(Rule.class), seen);
    }

    @Test
    void cellsParseBackAfterTheStandardFiveColumns() {
        List<NumberFacts> rows = new ArrayList<>();
        for (Facts facts : oneCasePerRule()) {
            rows.add(facts.build());
        }
        StringWriter out = new StringWriter();
        try (CsvWriter csv = CsvWriter.builder().build(out)) {
            csv.writeRecord("AccountSid", "CampaignSid", "MessagingServiceSid", "PhoneNumber", "Status", "Diagnosis", "Remedy");
            for (NumberFacts f : rows) {
                DiagnosisColumns.Cells cells = DiagnosisColumns.of(ADVISOR, f);
                csv.writeRecord(f.accountSid(), f.campaignName(), f.serviceSid(), f.e164(), f.status().name(),
                        cells.diagnosis(), cells.remedy());
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }

        List<CsvRecord> records = CsvReader.builder().ofCsvRecord(out.toString()).stream().toList();
        assertEquals(rows.size() + 1, records.size());
        assertEquals(List.of("Diagnosis", "Remedy"), records.get(0).getFields().subList(5, 7));
        for (int i = 0; i < rows.size(); i++) {
            CsvRecord record = records.get(i + 1);
            DiagnosisColumns.Cells expected = DiagnosisColumns.of(ADVISOR, rows.get(i));
            assertEquals(rows.get(i).status().name(), record.getField(4));
            assertEquals(expected.diagnosis(), record.getField(5));
            assertEquals(expected.remedy(), record.getField(6));
        }
    }

    /** Facts that between them set off every rule. */
    static List<Facts> oneCasePerRule() {
        return List.of(
                AdvisorTest.registered().status(RegistrationStatus.FAILURE),
                AdvisorTest.registered().brand(BrandStatus.FAILED),
                AdvisorTest.registered().status(RegistrationStatus.UNREGISTERED).campaign(CampaignStatus.FAILED),
                AdvisorTest.registered().status(RegistrationStatus.UNREGISTERED).noService(),
                AdvisorTest.registered().soleProprietor().status(RegistrationStatus.UNREGISTERED).serviceNumbers(3)
                        .registeredInService("+14155550199"),
                AdvisorTest.registered().status(RegistrationStatus.PENDING_REGISTRATION).joined(AdvisorTest.daysAgo(20)),
                AdvisorTest.registered().status(RegistrationStatus.UNREGISTERED).campaign(CampaignStatus.IN_PROGRESS),
                AdvisorTest.registered().status(RegistrationStatus.PENDING_REGISTRATION).joined(AdvisorTest.daysAgo(3)),
                AdvisorTest.registered().status(RegistrationStatus.PENDING_DEREGISTRATION),
                AdvisorTest.registered().soleProprietor().serviceNumbers(3),
                AdvisorTest.registered().serviceNumbers(400).brandCampaigns(100),
                AdvisorTest.registered().serviceNumbers(461),
                AdvisorTest.registered());
    }
}
