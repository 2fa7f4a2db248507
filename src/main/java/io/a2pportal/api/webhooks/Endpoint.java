package io.a2pportal.api.webhooks;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.a2pportal.accounts.TenantScope;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A URL an owner registered for the events of their scope: the whole tree (account null) or their
 * subaccount. Its signing secret is kept sealed, never shown after it is generated.
 */
@Entity
@Table(name = "webhook_endpoint")
public class Endpoint extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public long rootAccountId;

    public Long accountId;

    public String url;

    /** Comma-separated {@link EventType} ids. */
    public String eventTypes;

    public String secretKeyId;

    public byte[] secretSealed;

    public boolean enabled = true;

    public String disabledReason;

    public Instant failingSince;

    public Instant createdAt = Instant.now();

    public String createdBy;

    public List<String> types() {
        return Arrays.asList(eventTypes.split(","));
    }

    public boolean wants(String type) {
        return types().contains(type);
    }

    /** The scope's endpoints: every one of the tree for its owner, a subaccount's own for the subaccount's owner. */
    public static List<Endpoint> inScope(TenantScope scope) {
        if (scope.accountId() == null) {
            return list("rootAccountId = ?1 order by createdAt, id", scope.rootId());
        }
        return list("rootAccountId = ?1 and accountId = ?2 order by createdAt, id", scope.rootId(), scope.accountId());
    }

    public static Optional<Endpoint> findInScope(TenantScope scope, long id) {
        return Optional.ofNullable(Endpoint.<Endpoint> findById(id)).filter(e -> e.rootAccountId == scope.rootId()
                && (scope.accountId() == null || scope.accountId().equals(e.accountId)));
    }
}
