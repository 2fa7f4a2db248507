package io.a2pportal.uploads;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import de.siegmar.fastcsv.reader.CsvRecord;
import io.a2pportal.accounts.Account;
import io.a2pportal.numbers.Brand;
import io.a2pportal.numbers.BrandStatus;
import io.a2pportal.numbers.BrandType;
import io.a2pportal.numbers.Campaign;
import io.a2pportal.numbers.CampaignStatus;
import io.a2pportal.numbers.MessagingService;
import io.a2pportal.numbers.UseCase;
import io.a2pportal.shared.Formats;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The inventory file: one row per messaging service with the brand and campaign behind it. It is
 * small (one row per service), so it is checked in memory and applied through the entities, in
 * one transaction.
 */
@ApplicationScoped
public class InventoryImport {

    static final int MAX_ROWS = 50_000;

    record Row(long line, Long accountId, String brandSid, BrandType brandType, boolean lowVolume, BrandStatus brandStatus,
            String campaignSid, String useCase, CampaignStatus campaignStatus, String serviceSid) {
    }

    void process(Upload.Attempt upload, CsvSource source, Connection c) throws SQLException, IOException {
        Map<String, Long> accounts = upload.accountsInScope(c);
        UploadProcessor.ErrorList errors = new UploadProcessor.ErrorList(MAX_ROWS);
        List<Row> rows = new ArrayList<>();
        long count = 0;
        for (CsvRecord record = source.next(); record != null; record = source.next()) {
            if (++count > MAX_ROWS) {
                upload.reject("An inventory file holds at most " + MAX_ROWS
                        + " rows (one per messaging service). Split it into smaller files.", 0);
                return;
            }
            Row row = check(source, record, accounts, errors);
            if (row != null) {
                rows.add(row);
            }
        }
        Upload.progress(upload.id(), source.bytesRead(), count);
        if (count == 0) {
            upload.reject("The file has a header but no rows.", 0);
            return;
        }
        errors.addAll(consistency(rows, upload.rootId()));
        if (errors.total() > 0) {
            errors.store(c, upload.id());
            upload.reject("The file was not imported: " + errors.total() + " problem"
                    + (errors.total() == 1 ? "" : "s") + " to fix first. Nothing was changed.", errors.total());
            StoredFile.delete(c, upload.id());
            return;
        }
        Upload.setState(upload.id(), UploadState.IMPORTING, null);
        long finalCount = count;
        QuarkusTransaction.requiringNew().run(() -> apply(upload, rows, finalCount));
    }

    private static Row check(CsvSource source, CsvRecord record, Map<String, Long> accounts, UploadProcessor.ErrorList errors) {
        long line = record.getStartingLineNumber();
        long before = errors.total();
        if (record.getFieldCount() != source.columns.size()) {
            errors.add(new RowError(line, "(row)", "has " + record.getFieldCount() + " fields; an inventory row has "
                    + source.columns.size() + "."));
            return null;
        }
        String account = source.field(record, "AccountSid");
        String brand = source.field(record, "BrandSid");
        String type = source.field(record, "BrandType");
        String brandStatus = source.field(record, "BrandStatus");
        String campaign = source.field(record, "CampaignSid");
        String useCase = source.field(record, "UseCase");
        String campaignStatus = source.field(record, "CampaignStatus");
        String service = source.field(record, "MessagingServiceSid");
        if (!Formats.isSid("AC", account)) {
            errors.add(new RowError(line, "AccountSid", StatusReportRows.describe(account) + " is not an account SID."));
        } else if (!accounts.containsKey(account)) {
            errors.add(new RowError(line, "AccountSid", account + " is not an account you can upload for."));
        }
        if (!Formats.isSid("MG", service)) {
            errors.add(new RowError(line, "MessagingServiceSid", StatusReportRows.describe(service)
                    + " is not a messaging service SID (MG followed by 32 lowercase hex characters)."));
        }
        if (!Formats.isSid("BN", brand)) {
            errors.add(new RowError(line, "BrandSid", StatusReportRows.describe(brand) + " is not a brand SID (BN followed by 32 lowercase hex characters)."));
        }
        if (!List.of("SOLE_PROPRIETOR", "STANDARD", "LVS").contains(type)) {
            errors.add(new RowError(line, "BrandType", StatusReportRows.describe(type) + " is not a brand type: use SOLE_PROPRIETOR, STANDARD or LVS."));
        }
        BrandStatus parsedBrandStatus = parse(BrandStatus.class, brandStatus);
        if (parsedBrandStatus == null) {
            errors.add(new RowError(line, "BrandStatus", StatusReportRows.describe(brandStatus) + " is not a brand status."));
        }
        if (!Formats.isSid("QE", campaign) && !Formats.isSid("CM", campaign)) {
            errors.add(new RowError(line, "CampaignSid", StatusReportRows.describe(campaign) + " is not a campaign SID (QE or CM followed by 32 lowercase hex characters)."));
        }
        if (!UseCase.ALL.contains(useCase)) {
            errors.add(new RowError(line, "UseCase", StatusReportRows.describe(useCase) + " is not a campaign use case."));
        } else if ("SOLE_PROPRIETOR".equals(type) != UseCase.SOLE_PROPRIETOR.equals(useCase)) {
            errors.add(new RowError(line, "UseCase", "A Sole Proprietor brand's campaign has the use case SOLE_PROPRIETOR, and only it does."));
        }
        CampaignStatus parsedCampaignStatus = parse(CampaignStatus.class, campaignStatus);
        if (parsedCampaignStatus == null) {
            errors.add(new RowError(line, "CampaignStatus", StatusReportRows.describe(campaignStatus) + " is not a campaign status."));
        }
        if (errors.total() != before) {
            return null;
        }
        return new Row(line, accounts.get(account), brand, "SOLE_PROPRIETOR".equals(type) ? BrandType.SOLE_PROPRIETOR
                : BrandType.STANDARD, "LVS".equals(type), parsedBrandStatus, campaign, useCase, parsedCampaignStatus, service);
    }

    /**
     * A SID that another tenant's account holds. The message must not tell one tenant that another
     * holds it, so it reads the same as any SID the portal cannot take.
     */
    private static String notYours(String sid, String what) {
        return sid + " cannot be used here. Check that it is the SID of one of your own " + what + "s; if it is, contact support.";
    }

    /** Whole-file checks: each brand, campaign and service described one way; SIDs not used by another tenant. */
    private static List<RowError> consistency(List<Row> rows, long root) {
        List<RowError> errors = new ArrayList<>();
        Map<String, Row> brands = new HashMap<>();
        Map<String, Row> campaigns = new HashMap<>();
        Map<String, Row> services = new HashMap<>();
        Map<String, String> soleProprietorCampaign = new HashMap<>();
        for (Row row : rows) {
            Row brand = brands.putIfAbsent(row.brandSid(), row);
            if (brand != null && (brand.brandType() != row.brandType() || brand.lowVolume() != row.lowVolume()
                    || brand.brandStatus() != row.brandStatus() || !Objects.equals(brand.accountId(), row.accountId()))) {
                errors.add(new RowError(row.line(), "BrandSid", row.brandSid() + " is described differently on line " + brand.line() + "."));
            }
            Row campaign = campaigns.putIfAbsent(row.campaignSid(), row);
            if (campaign != null && (!campaign.brandSid().equals(row.brandSid()) || !campaign.useCase().equals(row.useCase())
                    || campaign.campaignStatus() != row.campaignStatus())) {
                errors.add(new RowError(row.line(), "CampaignSid", row.campaignSid() + " is described differently on line " + campaign.line() + "."));
            }
            Row service = services.putIfAbsent(row.serviceSid(), row);
            if (service != null) {
                errors.add(new RowError(row.line(), "MessagingServiceSid", row.serviceSid() + " is listed twice (also on line " + service.line() + ")."));
            }
            if (row.brandType() == BrandType.SOLE_PROPRIETOR) {
                String other = soleProprietorCampaign.putIfAbsent(row.brandSid(), row.campaignSid());
                if (other != null && !other.equals(row.campaignSid())) {
                    errors.add(new RowError(row.line(), "CampaignSid", "A Sole Proprietor brand has exactly one campaign; "
                            + row.brandSid() + " already has " + other + "."));
                }
            }
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Set<String> othersBrands = othersSids("select b.sid from Brand b where b.sid in ?1 and b.account.rootId <> ?2",
                    rows, Row::brandSid, root);
            Set<String> othersCampaigns = othersSids("select c.sid from Campaign c where c.sid in ?1 and c.account.rootId <> ?2",
                    rows, row -> row.campaignSid().startsWith("QE") ? row.campaignSid() : null, root);
            othersCampaigns.addAll(othersSids("select c.consoleSid from Campaign c where c.consoleSid in ?1 and c.account.rootId <> ?2",
                    rows, row -> row.campaignSid().startsWith("QE") ? null : row.campaignSid(), root));
            Set<String> othersServices = othersSids("select s.sid from MessagingService s where s.sid in ?1 and s.account.rootId <> ?2",
                    rows, Row::serviceSid, root);
            for (Row row : rows) {
                if (othersBrands.contains(row.brandSid())) {
                    errors.add(new RowError(row.line(), "BrandSid", notYours(row.brandSid(), "brand")));
                }
                if (othersCampaigns.contains(row.campaignSid())) {
                    errors.add(new RowError(row.line(), "CampaignSid", notYours(row.campaignSid(), "campaign")));
                }
                if (othersServices.contains(row.serviceSid())) {
                    errors.add(new RowError(row.line(), "MessagingServiceSid", notYours(row.serviceSid(), "messaging service")));
                }
            }
        });
        return errors;
    }

    private static void apply(Upload.Attempt claimed, List<Row> rows, long rowsRead) {
        Upload upload = claimed.lockIfCurrent().orElse(null);
        if (upload == null) {
            return;
        }
        // the file's records, looked up a kind at a time: campaigns before services, so that a
        // service's campaign is the very instance compared below
        Map<Long, Account> accounts = byKey(inChunks(rows, Row::accountId, ids -> Account.<Account> list("id in ?1", ids)),
                a -> a.id);
        Map<String, Brand> brands = byKey(inChunks(rows, Row::brandSid, sids -> Brand.<Brand> list("sid in ?1", sids)),
                b -> b.sid);
        Map<String, Campaign> existingCampaigns = byKey(inChunks(rows, row -> row.campaignSid().startsWith("QE")
                ? row.campaignSid() : null, sids -> Campaign.<Campaign> list("sid in ?1", sids)), c -> c.sid);
        existingCampaigns.putAll(byKey(inChunks(rows, row -> row.campaignSid().startsWith("QE") ? null : row.campaignSid(),
                sids -> Campaign.<Campaign> list("consoleSid in ?1", sids)), c -> c.consoleSid));
        Map<String, MessagingService> services = byKey(inChunks(rows, Row::serviceSid,
                sids -> MessagingService.<MessagingService> list("sid in ?1", sids)), s -> s.sid);
        Set<String> brandsWritten = new HashSet<>();
        Map<String, Campaign> campaigns = new HashMap<>();
        long added = 0;
        long updated = 0;
        for (Row row : rows) {
            Account account = accounts.get(row.accountId());
            Brand brand = brands.computeIfAbsent(row.brandSid(), sid -> new Brand());
            if (brandsWritten.add(row.brandSid())) {
                brand.sid = row.brandSid();
                brand.account = account;
                brand.name = brand.name == null ? row.brandSid() : brand.name;
                brand.brandType = row.brandType();
                brand.lowVolume = row.lowVolume();
                brand.status = row.brandStatus();
                brand.persist();
            }
            Campaign campaign = campaigns.computeIfAbsent(row.campaignSid(), sid -> {
                Campaign c = existingCampaigns.get(sid);
                if (c == null) {
                    c = new Campaign();
                    if (sid.startsWith("QE")) {
                        c.sid = sid;
                    } else {
                        c.consoleSid = sid;
                    }
                }
                c.account = account;
                c.brand = brand;
                c.brandType = brand.brandType;
                c.useCase = row.useCase();
                c.status = row.campaignStatus();
                c.persist();
                return c;
            });
            MessagingService service = services.get(row.serviceSid());
            if (service == null) {
                service = new MessagingService();
                service.sid = row.serviceSid();
                service.name = row.serviceSid();
                added++;
            } else if (service.campaign != campaign || !service.account.id.equals(account.id)) {
                updated++;
            }
            service.account = account;
            service.campaign = campaign;
            service.persist();
        }
        Brand.getEntityManager().flush();
        upload.state = UploadState.APPLIED;
        upload.rowsRead = rowsRead;
        upload.added = added;
        upload.updated = updated;
        upload.unchanged = rows.size() - added - updated;
        upload.message = added + updated == 0 ? "No changes: every messaging service already had these links." : null;
        upload.finishedAt = java.time.Instant.now();
        UploadAudit.applied(upload);
    }

    /** Rows a query per kind, not per row: the keys in lists small enough for one statement each. */
    static final int KEYS_PER_QUERY = 10_000;

    /**
     * The records one query finds for the distinct keys of the rows (null: the row has none of
     * this kind), asked for {@link #KEYS_PER_QUERY} keys at a time.
     */
    private static <K, T> List<T> inChunks(List<Row> rows, Function<Row, K> key, Function<List<K>, List<T>> query) {
        List<K> keys = rows.stream().map(key).filter(Objects::nonNull).distinct().toList();
        List<T> found = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
            found.addAll(query.apply(keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY))));
        }
        return found;
    }

    private static <K, T> Map<K, T> byKey(List<T> records, Function<T, K> key) {
        Map<K, T> map = new HashMap<>();
        for (T record : records) {
            map.put(key.apply(record), record);
        }
        return map;
    }

    /** Of the rows' SIDs of one kind, those that an account of another tree holds. */
    private static Set<String> othersSids(String query, List<Row> rows, Function<Row, String> sid, long root) {
        return new HashSet<>(inChunks(rows, sid, sids -> Brand.getEntityManager().createQuery(query, String.class)
                .setParameter(1, sids).setParameter(2, root).getResultList()));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
