package io.a2pportal.api.webhooks;

import java.util.List;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.AuditEntry;
import io.a2pportal.accounts.TenantScope;
import io.a2pportal.secrets.SecretBox;
import io.a2pportal.shared.InvalidInputException;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

/**
 * The owner's side of webhooks: registering endpoints, switching them off and on, deleting them,
 * new secrets, test events. Only owners, each of their own scope; anything else answers 404. Every
 * change is audited.
 */
@ApplicationScoped
public class Endpoints {

    static final int MAX_ENDPOINTS = 20;

    @Inject
    SecretBox box;

    @Inject
    WebhooksConfig config;

    @Inject
    WebhookEvents events;

    /** An endpoint just registered or given a new secret, with the secret to show this once. */
    public record WithSecret(Endpoint endpoint, String secret) {
    }

    static void requireOwner(TenantScope scope) {
        if (!scope.isOwner()) {
            throw new NotFoundException();
        }
    }

    public List<Endpoint> list(TenantScope scope) {
        requireOwner(scope);
        return Endpoint.inScope(scope);
    }

    public Endpoint find(TenantScope scope, long id) {
        requireOwner(scope);
        return Endpoint.findInScope(scope, id).orElseThrow(NotFoundException::new);
    }

    @Transactional
    public WithSecret register(TenantScope scope, String actor, String url, List<String> types) {
        requireOwner(scope);
        String checked = TargetAddress.check(url, config.allowPrivateAddresses()).toString();
        if (types == null || types.isEmpty()) {
            throw new InvalidInputException("Choose at least one event type.");
        }
        List<String> chosen = types.stream().distinct().map(t -> EventType.byId(t)
                .orElseThrow(() -> new InvalidInputException("Unknown event type: " + t)).id).sorted().toList();
        if (Endpoint.inScope(scope).size() >= MAX_ENDPOINTS) {
            throw new InvalidInputException("This scope has " + MAX_ENDPOINTS + " endpoints already; delete one first.");
        }
        String secret = SecretBox.newSecret();
        Endpoint endpoint = new Endpoint();
        endpoint.rootAccountId = scope.rootId();
        endpoint.accountId = scope.accountId();
        endpoint.url = checked;
        endpoint.eventTypes = String.join(",", chosen);
        seal(endpoint, secret);
        endpoint.createdBy = actor;
        endpoint.persistAndFlush();
        audit(actor, endpoint, "webhook.registered", "Registered the webhook endpoint " + endpoint.url + " for "
                + endpoint.eventTypes.replace(",", ", "));
        return new WithSecret(endpoint, secret);
    }

    @Transactional
    public Endpoint setEnabled(TenantScope scope, String actor, long id, boolean enabled) {
        Endpoint endpoint = find(scope, id);
        endpoint.enabled = enabled;
        endpoint.disabledReason = enabled ? null : "Disabled by " + actor + ".";
        endpoint.failingSince = null;
        audit(actor, endpoint, enabled ? "webhook.enabled" : "webhook.disabled",
                (enabled ? "Enabled" : "Disabled") + " the webhook endpoint " + endpoint.url);
        return endpoint;
    }

    @Transactional
    public Endpoint delete(TenantScope scope, String actor, long id) {
        Endpoint endpoint = find(scope, id);
        endpoint.delete();
        audit(actor, endpoint, "webhook.deleted", "Deleted the webhook endpoint " + endpoint.url);
        return endpoint;
    }

    /** A new signing secret; deliveries are signed with it from the next attempt on. */
    @Transactional
    public WithSecret rollSecret(TenantScope scope, String actor, long id) {
        Endpoint endpoint = find(scope, id);
        String secret = SecretBox.newSecret();
        seal(endpoint, secret);
        audit(actor, endpoint, "webhook.secret", "Generated a new signing secret for the webhook endpoint " + endpoint.url
                + " (the old one no longer signs)");
        return new WithSecret(endpoint, secret);
    }

    /** Sends the endpoint a {@code webhook.test} event; returns its id. */
    @Transactional
    public String sendTest(TenantScope scope, String actor, long id) {
        Endpoint endpoint = find(scope, id);
        if (!endpoint.enabled) {
            throw new InvalidInputException("The endpoint is disabled; enable it to send a test event.");
        }
        String eventId = events.create(EventType.TEST, endpoint.rootAccountId, endpoint.accountId,
                new JsonObject().put("message", "A test event, sent from the portal's Webhooks page by " + actor + "."),
                List.of(endpoint));
        audit(actor, endpoint, "webhook.test", "Sent the test event " + eventId + " to the webhook endpoint " + endpoint.url);
        return eventId;
    }

    String secretOf(Endpoint endpoint) {
        return box.open(endpoint.secretKeyId, endpoint.secretSealed);
    }

    private void seal(Endpoint endpoint, String secret) {
        endpoint.secretKeyId = box.keyId();
        endpoint.secretSealed = box.seal(secret);
    }

    static void audit(String actor, Endpoint endpoint, String action, String detail) {
        Account account = Account.findById(endpoint.accountId == null ? endpoint.rootAccountId : endpoint.accountId);
        AuditEntry.record(actor, account, action, detail);
    }
}
