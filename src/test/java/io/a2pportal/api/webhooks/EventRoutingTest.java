package io.a2pportal.api.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which endpoints an event goes to: the tree's endpoints get every account's, a subaccount's only its own. */
class EventRoutingTest {

    private static Endpoint endpoint(long id, long root, Long account, boolean enabled, String types) {
        Endpoint endpoint = new Endpoint();
        endpoint.id = id;
        endpoint.rootAccountId = root;
        endpoint.accountId = account;
        endpoint.enabled = enabled;
        endpoint.eventTypes = types;
        return endpoint;
    }

    private static List<Long> ids(List<Endpoint> endpoints) {
        return endpoints.stream().map(e -> e.id).toList();
    }

    @Test
    void byTreeAccountAndType() {
        Endpoint tree = endpoint(1, 10, null, true, "report.ready,number.status_changed");
        Endpoint sub = endpoint(2, 10, 11L, true, "number.status_changed,report.ready");
        Endpoint otherSub = endpoint(3, 10, 12L, true, "number.status_changed");
        Endpoint otherTree = endpoint(4, 20, null, true, "number.status_changed,report.ready");
        Endpoint uploadsOnly = endpoint(5, 10, null, true, "upload.applied");
        List<Endpoint> all = List.of(tree, sub, otherSub, otherTree, uploadsOnly);

        assertEquals(List.of(1L, 2L), ids(WebhookEvents.wanting(all, EventType.NUMBER_STATUS_CHANGED, 10, 11L)));
        assertEquals(List.of(1L, 3L), ids(WebhookEvents.wanting(all, EventType.NUMBER_STATUS_CHANGED, 10, 12L)));
        // a whole tree's report is its parent's business, not a subaccount's
        assertEquals(List.of(1L), ids(WebhookEvents.wanting(all, EventType.REPORT_READY, 10, null)));
        assertEquals(List.of(4L), ids(WebhookEvents.wanting(all, EventType.REPORT_READY, 20, null)));
        assertEquals(List.of(5L), ids(WebhookEvents.wanting(all, EventType.UPLOAD_APPLIED, 10, 11L)));
        assertEquals(List.of(), ids(WebhookEvents.wanting(all, EventType.UPLOAD_REJECTED, 10, null)));
    }
}
