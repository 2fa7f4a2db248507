package io.a2pportal.troubleshooting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.Role;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.numbers.BrandStatus;
import io.a2pportal.numbers.BrandType;
import io.a2pportal.numbers.CampaignStatus;
import io.a2pportal.numbers.MessagingService;
import io.a2pportal.numbers.PhoneNumber;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.testing.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * The SQL "needs attention" condition and the grouped summary agree with the advisor, number by
 * number, over every status in every kind of chain.
 */
@QuarkusTest
class AttentionConditionTest {

    static Account parent;
    static Account sub;
    static final List<String> numbers = new ArrayList<>();

    @Inject
    Fixtures fixtures;

    @Inject
    Diagnoses diagnoses;

    @Inject
    Advisor advisor;

    @Inject
    EntityManager em;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void data() {
        if (parent != null) {
            return;
        }
        parent = fixtures.parent("Attention Parent");
        sub = fixtures.sub(parent, "Attention Sub");
        Instant now = Instant.now();
        everyStatus(parent, null, now);
        everyStatus(parent, fixtures.serviceWithoutCampaign(parent), now);
        MessagingService standard = fixtures.service(parent, BrandType.STANDARD, false, CampaignStatus.VERIFIED);
        for (Instant joined : new Instant[] { now.minus(Duration.ofDays(1)), now.minus(Duration.ofDays(13)),
                now.minus(Duration.ofDays(14)).minus(Duration.ofMinutes(1)), now.minus(Duration.ofDays(20)), null }) {
            everyStatus(parent, standard, joined);
        }
        everyStatus(sub, fixtures.service(sub, BrandType.SOLE_PROPRIETOR, false, CampaignStatus.VERIFIED),
                now.minus(Duration.ofDays(1)));
        for (RegistrationStatus status : RegistrationStatus.values()) {
            numbers.addAll(fixtures.numbers(sub, fixtures.service(sub, BrandType.SOLE_PROPRIETOR, false, CampaignStatus.VERIFIED),
                    status, 1, now.minus(Duration.ofDays(20))));
        }
        for (CampaignStatus campaign : CampaignStatus.values()) {
            for (BrandStatus brand : BrandStatus.values()) {
                everyStatus(sub, fixtures.service(sub, BrandType.STANDARD, true, campaign, brand), now.minus(Duration.ofDays(30)));
            }
        }
        // numbers that took their status long after joining: the wait runs from the status change
        for (Duration sinceChange : new Duration[] { Duration.ofMinutes(5), Duration.ofDays(13), Duration.ofDays(14) }) {
            int from = numbers.size();
            everyStatus(parent, standard, now.minus(Duration.ofDays(20)));
            statusChanged(numbers.subList(from, numbers.size()), now.minus(sinceChange));
        }
        MessagingService overfull = fixtures.service(sub, BrandType.STANDARD, false, CampaignStatus.VERIFIED);
        numbers.addAll(fixtures.numbers(sub, overfull, RegistrationStatus.REGISTERED,
                Advisor.POOL_LIMIT + 1 - RegistrationStatus.values().length, now.minus(Duration.ofDays(40))));
        everyStatus(sub, overfull, now.minus(Duration.ofDays(2)));
    }

    private static void statusChanged(List<String> e164s, Instant at) {
        QuarkusTransaction.requiringNew().run(() -> PhoneNumber.update("statusChangedAt = ?1 where e164 in ?2 and rootAccountId = ?3",
                at, e164s, parent.rootId));
    }

    private void everyStatus(Account account, MessagingService service, Instant joined) {
        for (RegistrationStatus status : RegistrationStatus.values()) {
            numbers.addAll(fixtures.numbers(account, service, status, 1, joined));
        }
    }

    private TenantScope ownerScope() {
        return new TenantScope(parent, Role.OWNER, parent.rootId, null);
    }

    @Test
    void sqlConditionFindsExactlyTheNumbersWithADiagnosisToActOn() {
        QuarkusTransaction.requiringNew().run(() -> {
            Map<String, List<Diagnosis>> byNumber = diagnoses.of(parent.rootId, numbers);
            Set<String> expected = new HashSet<>();
            Set<Rule> rulesSeen = EnumSet.noneOf(Rule.class);
            byNumber.forEach((e164, found) -> {
                found.forEach(d -> rulesSeen.add(d.rule()));
                if (found.stream().anyMatch(Diagnosis::needsAction)) {
                    expected.add(e164);
                }
            });
            for (Rule rule : Rule.values()) {
                if (rule.severity == Severity.ACT) {
                    assertTrue(rulesSeen.contains(rule), "the data sets off " + rule);
                }
            }
            var query = em.createNativeQuery("select n.e164 from phone_number n where n.root_account_id = ? and "
                    + AttentionCondition.SQL).setParameter(1, parent.rootId);
            List<Object> values = AttentionCondition.parameters(parent.rootId, advisor.overdueCutoff());
            for (int i = 0; i < values.size(); i++) {
                query.setParameter(i + 2, values.get(i));
            }
            @SuppressWarnings("unchecked")
            List<String> matched = query.getResultList();
            assertEquals(expected, new HashSet<>(matched));
        });
    }

    @Test
    void summaryCountsEveryNumberAsTheAdvisorDiagnosesIt() {
        QuarkusTransaction.requiringNew().run(() -> {
            Map<Rule, Long> perRule = new EnumMap<>(Rule.class);
            long act = 0;
            Map<String, List<Diagnosis>> byNumber = diagnoses.of(parent.rootId, numbers);
            for (var entry : byNumber.entrySet()) {
                entry.getValue().forEach(d -> perRule.merge(d.rule(), 1L, Long::sum));
                if (entry.getValue().stream().anyMatch(Diagnosis::needsAction)) {
                    act++;
                }
            }
            Summary summary = diagnoses.summarize(ownerScope());
            assertEquals(numbers.size(), summary.numbers());
            assertEquals(act, summary.needAction());
            Map<Rule, Long> summarized = new EnumMap<>(Rule.class);
            summary.rules().forEach(r -> summarized.put(r.rule(), r.numbers()));
            assertEquals(perRule, summarized);
            assertEquals(List.of(sub.sid, parent.sid), summary.accounts().stream().map(a -> a.account().sid).toList(),
                    "the subaccount has more numbers to act on");
            assertTrue(summary.accounts().get(0).needAction() > summary.accounts().get(1).needAction());
        });
    }

    @Test
    void theExportQueryStreamsTheSameFactsAsThePageQuery() throws Exception {
        List<NumberFacts> streamed = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            FactsQuery query = FactsQuery.inScope(ownerScope(), null);
            try (PreparedStatement statement = query.bind(connection.prepareStatement(query.sql()))) {
                statement.setFetchSize(50);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        streamed.add(FactsQuery.toFacts(rows));
                    }
                }
            }
            connection.commit();
        }
        List<NumberFacts> paged = QuarkusTransaction.requiringNew().call(() -> {
            FactsQuery query = FactsQuery.forNumbers(parent.rootId, numbers);
            return query.bind(em.createNativeQuery(query.sql())).getResultList().stream()
                    .map(row -> FactsQuery.toFacts((Object[]) row)).toList();
        });
        assertEquals(numbers.size(), streamed.size());
        assertEquals(paged, streamed);
        assertEquals(numbers.stream().sorted().toList(), streamed.stream().map(NumberFacts::e164).toList());

        TenantScope subaccount = new TenantScope(sub, Role.MEMBER, parent.rootId, sub.id);
        FactsQuery query = FactsQuery.inScope(subaccount, null);
        List<NumberFacts> subFacts = QuarkusTransaction.requiringNew().call(() -> query
                .bind(em.createNativeQuery(query.sql())).getResultList().stream()
                .map(row -> FactsQuery.toFacts((Object[]) row)).toList());
        assertEquals(paged.stream().filter(f -> f.accountSid().equals(sub.sid)).toList(), subFacts);
    }
}
