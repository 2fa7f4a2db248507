package io.a2pportal.api.webhooks;

import static io.a2pportal.db.SqlValues.instant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

import io.a2pportal.accounts.Account;
import io.a2pportal.jobs.JobScheduler;
import io.a2pportal.numbers.HistoryCursor;
import io.a2pportal.reports.Report;
import io.a2pportal.reports.ReportState;
import io.a2pportal.secrets.SecretBox;
import io.a2pportal.uploads.Upload;
import io.a2pportal.uploads.UploadState;
import io.a2pportal.web.PublicAddress;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

/**
 * Turns what changed into webhook events, each written with its deliveries (and their jobs) in the
 * transaction that marks the change as seen, so that none is lost and none is made twice.
 * <p>
 * A recurring job reads settled reports and uploads not yet seen (a flag on their row, set in the
 * same transaction) and the status history past a cursor of (transaction id, entry id), taking
 * only entries of transactions older than any still running; V17__webhooks.sql says why that
 * cannot skip an entry committed late (a long transaction delays the status events until it ends,
 * and loses none). Events are made only where an enabled endpoint wants them:
 * a tree's endpoint gets the events of the whole tree, a subaccount's only those of its account.
 */
@ApplicationScoped
public class WebhookEvents {

    static final String EMIT = "emit-webhook-events";
    static final int BATCH = 500;
    static final int HISTORY_BATCH = 5000;
    private static final String HISTORY_CURSOR = "status-history";

    @Inject
    EntityManager em;

    @Inject
    JobScheduler jobs;

    @Inject
    PublicAddress address;

    @Inject
    WebhooksConfig config;

    @Produces
    @Singleton
    Task<Void> emitTask() {
        return Tasks.recurring(EMIT, Schedules.fixedDelay(config.emitInterval())).execute((instance, context) -> emit());
    }

    /** One pass over the sources; returns the events made. */
    public int emit() {
        return QuarkusTransaction.requiringNew().call(() -> {
            // long past their last retry: the log keeps a month of attempts
            em.createNativeQuery("delete from webhook_event where created_at < ?1")
                    .setParameter(1, Instant.now().minus(config.retention())).executeUpdate();
            List<Endpoint> enabled = Endpoint.list("enabled", true);
            return reports(enabled) + uploads(enabled) + statusChanges(enabled);
        });
    }

    /**
     * Stores an event for the endpoints given (those that want it), with a delivery job for each;
     * returns its id. Nothing is stored when none is given.
     */
    @Transactional(TxType.MANDATORY)
    String create(String type, long rootId, Long accountId, JsonObject data, List<Endpoint> endpoints) {
        String id = "evt_" + SecretBox.newId(18);
        Instant now = Instant.now();
        String payload = new JsonObject().put("id", id).put("type", type).put("created", now.toString()).put("data", data)
                .encode();
        em.createNativeQuery("insert into webhook_event (id, type, root_account_id, account_id, payload, created_at) "
                + "values (?1, ?2, ?3, ?4, ?5, ?6)").setParameter(1, id).setParameter(2, type).setParameter(3, rootId)
                .setParameter(4, accountId).setParameter(5, payload).setParameter(6, now).executeUpdate();
        for (Endpoint endpoint : endpoints) {
            Number delivery = (Number) em.createNativeQuery("insert into webhook_delivery (event_id, endpoint_id) "
                    + "values (?1, ?2) returning id").setParameter(1, id).setParameter(2, endpoint.id).getSingleResult();
            jobs.schedule(Deliveries.DELIVER.instance(String.valueOf(delivery.longValue())).scheduledTo(now));
        }
        return id;
    }

    String create(EventType type, long rootId, Long accountId, JsonObject data, List<Endpoint> endpoints) {
        return create(type.id, rootId, accountId, data, endpoints);
    }

    /** The enabled endpoints that want an event of this type about this account (null: the whole tree). */
    static List<Endpoint> wanting(List<Endpoint> enabled, EventType type, long rootId, Long accountId) {
        return enabled.stream().filter(e -> e.rootAccountId == rootId && e.wants(type.id)
                && (e.accountId == null || e.accountId.equals(accountId))).toList();
    }

    private int reports(List<Endpoint> enabled) {
        List<?> ids = em.createNativeQuery("select id from report where not webhooks_emitted and state in ('READY', 'FAILED', "
                + "'EXPIRED') order by id limit " + BATCH + " for update skip locked").getResultList();
        if (ids.isEmpty()) {
            return 0;
        }
        int made = 0;
        for (Report report : Report.<Report> list("id in ?1 order by id", longs(ids))) {
            EventType type = report.state == ReportState.READY ? EventType.REPORT_READY
                    : report.state == ReportState.FAILED ? EventType.REPORT_FAILED : null;
            Long accountId = report.account == null ? null : report.account.id;
            List<Endpoint> to = type == null ? List.of() : wanting(enabled, type, report.rootAccount.id, accountId);
            if (!to.isEmpty()) {
                create(type, report.rootAccount.id, accountId, new JsonObject().put("report", report(report)), to);
                made++;
            }
        }
        markSeen("report", ids);
        return made;
    }

    private JsonObject report(Report report) {
        String url = address.url("/reports/" + report.id);
        JsonObject json = new JsonObject().put("id", report.id).put("kind", report.kind.name()).put("state", report.state.name())
                .put("account_sid", report.namedAccount().sid).put("scope", report.scopeLabel())
                .put("statuses", new JsonArray(report.statusList().stream().map(Enum::name).toList()))
                .put("include_diagnosis", report.includeDiagnosis).put("requested_by", report.requestedBy)
                .put("url", url).put("finished_at", Objects.toString(report.finishedAt, null));
        if (report.isChanges()) {
            json.put("from", report.periodFrom.toString()).put("to", report.periodTo.toString());
        }
        if (report.state == ReportState.READY) {
            json.put("rows", report.rowsWritten).put("download_url", url + "/download");
        } else {
            json.put("reason", report.reason);
        }
        return json;
    }

    private int uploads(List<Endpoint> enabled) {
        List<?> ids = em.createNativeQuery("select id from upload where not webhooks_emitted and state in ('APPLIED', 'REJECTED', "
                + "'FAILED') order by id limit " + BATCH + " for update skip locked").getResultList();
        if (ids.isEmpty()) {
            return 0;
        }
        int made = 0;
        for (Upload upload : Upload.<Upload> list("id in ?1 order by id", longs(ids))) {
            EventType type = upload.state == UploadState.APPLIED ? EventType.UPLOAD_APPLIED
                    : upload.state == UploadState.REJECTED ? EventType.UPLOAD_REJECTED : null;
            Long accountId = upload.account == null ? null : upload.account.id;
            List<Endpoint> to = type == null ? List.of() : wanting(enabled, type, upload.rootAccountId, accountId);
            if (!to.isEmpty()) {
                create(type, upload.rootAccountId, accountId, new JsonObject().put("upload", upload(upload)), to);
                made++;
            }
        }
        markSeen("upload", ids);
        return made;
    }

    private JsonObject upload(Upload upload) {
        Account named = upload.account != null ? upload.account : Account.findById(upload.rootAccountId);
        return new JsonObject().put("id", upload.id).put("state", upload.state.name())
                .put("kind", upload.kind == null ? null : upload.kind.name()).put("account_sid", named.sid)
                .put("whole_tree", upload.account == null).put("file_name", upload.fileName)
                .put("uploaded_by", upload.uploadedBy).put("added", upload.added).put("updated", upload.updated)
                .put("unchanged", upload.unchanged).put("status_changes", upload.statusChanges)
                .put("errors", upload.errorCount).put("message", upload.message)
                .put("url", address.url("/uploads/" + upload.id)).put("finished_at", Objects.toString(upload.finishedAt, null));
    }

    private void markSeen(String table, List<?> ids) {
        if (!ids.isEmpty()) {
            em.createNativeQuery("update " + table + " set webhooks_emitted = true where id in (?1)")
                    .setParameter(1, longs(ids)).executeUpdate();
        }
    }

    private static List<Long> longs(List<?> ids) {
        return ids.stream().map(id -> ((Number) id).longValue()).toList();
    }

    private int statusChanges(List<Endpoint> enabled) {
        HistoryCursor.Position cursor = HistoryCursor.lock(em, HISTORY_CURSOR);
        List<Long> roots = enabled.stream().filter(e -> e.wants(EventType.NUMBER_STATUS_CHANGED.id))
                .map(e -> e.rootAccountId).distinct().toList();
        List<?> rows = roots.isEmpty() ? List.of() : cursor.bind(em.createNativeQuery("""
                select h.id, h.xid, h.root_account_id, n.account_id, a.sid, n.e164, n.sid, h.old_status,
                       h.new_status, h.observed_at, h.source
                from number_status_history h
                join phone_number n on n.id = h.phone_number_id
                join account a on a.id = n.account_id
                where """ + HistoryCursor.PAST + """
                  and h.root_account_id in (?4)
                order by """ + HistoryCursor.ORDER + " limit ?5")).setParameter(4, roots).setParameter(5, HISTORY_BATCH)
                .getResultList();
        Map<List<Long>, List<JsonObject>> byAccount = new LinkedHashMap<>();
        for (Object row : rows) {
            Object[] c = (Object[]) row;
            // a number's change as a number.status_changed event lists it, grouped by tree and account
            byAccount.computeIfAbsent(List.of(((Number) c[2]).longValue(), ((Number) c[3]).longValue()), k -> new ArrayList<>())
                    .add(new JsonObject().put("phone_number", c[5]).put("sid", c[6]).put("account_sid", c[4]).put("from", c[7])
                            .put("to", c[8]).put("observed_at", instant(c[9]).toString()).put("source", c[10]));
        }
        int made = 0;
        for (var entry : byAccount.entrySet()) {
            long root = entry.getKey().get(0);
            long accountId = entry.getKey().get(1);
            List<Endpoint> to = wanting(enabled, EventType.NUMBER_STATUS_CHANGED, root, accountId);
            List<JsonObject> changes = entry.getValue();
            for (int from = 0; from < changes.size() && !to.isEmpty(); from += config.changesPerEvent()) {
                List<JsonObject> batch = changes.subList(from, Math.min(changes.size(), from + config.changesPerEvent()));
                create(EventType.NUMBER_STATUS_CHANGED, root, accountId, new JsonObject()
                        .put("account_sid", batch.get(0).getString("account_sid")).put("changes", new JsonArray(batch)), to);
                made++;
            }
        }
        HistoryCursor.moveOn(em, cursor, rows, HISTORY_BATCH);
        return made;
    }
}
