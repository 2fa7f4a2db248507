package io.a2pportal.troubleshooting;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.a2pportal.accounts.TenantScope;
import io.a2pportal.numbers.NumberAdvice;
import io.a2pportal.numbers.RegistrationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The advisor's diagnoses and its "needs attention" condition, as the Active Numbers pages ask for them. */
@ApplicationScoped
public class ActiveNumbersAdvice implements NumberAdvice {

    @Inject
    Diagnoses diagnoses;

    @Inject
    Advisor advisor;

    @Override
    public Map<String, List<Advice>> of(long rootId, Collection<String> e164s) {
        Map<String, List<Advice>> result = new HashMap<>();
        diagnoses.of(rootId, e164s)
                .forEach((e164, found) -> result.put(e164, found.stream().map(ActiveNumbersAdvice::advice).toList()));
        return result;
    }

    @Override
    public Map<String, Advice> mostSevere(long rootId, Collection<String> e164s) {
        Map<String, Advice> result = new HashMap<>();
        diagnoses.mostSevere(rootId, e164s).forEach((e164, diagnosis) -> result.put(e164, advice(diagnosis)));
        return result;
    }

    @Override
    public Condition needsAttention(long rootId) {
        return new Condition(AttentionCondition.SQL, AttentionCondition.parameters(rootId, advisor.overdueCutoff()));
    }

    @Override
    public Map<RegistrationStatus, Long> needingAttention(TenantScope scope, String accountSid) {
        return diagnoses.needingAction(scope, accountSid);
    }

    private static Advice advice(Diagnosis d) {
        return new Advice(new Urgency(d.severity().label, d.severity().badge()), d.rule().title, d.explanation(), d.remedy(),
                d.errorCode());
    }
}
