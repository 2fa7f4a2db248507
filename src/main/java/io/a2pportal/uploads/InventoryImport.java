package io.a2pportal.uploads;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
            for (Row row : rows) {
                Brand brand = Brand.find("sid", row.brandSid()).firstResult();
                if (brand != null && !brand.account.rootId.equals(root)) {
                    errors.add(new RowError(row.line(), "BrandSid", notYours(row.brandSid(), "brand")));
                }
                Campaign campaign = findCampaign(row.campaignSid());
                if (campaign != null && !campaign.account.rootId.equals(root)) {
                    errors.add(new RowError(row.line(), "CampaignSid", notYours(row.campaignSid(), "campaign")));
                }
                MessagingService service = MessagingService.find("sid", row.serviceSid()).firstResult();
                if (service != null && !service.account.rootId.equals(root)) {
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
        Map<String, Brand> brands = new HashMap<>();
        Map<String, Campaign> campaigns = new HashMap<>();
        long added = 0;
        long updated = 0;
        for (Row row : rows) {
            Account account = Account.findById(row.accountId());
            Brand brand = brands.computeIfAbsent(row.brandSid(), sid -> {
                Brand b = Brand.<Brand> find("sid", sid).firstResultOptional().orElseGet(Brand::new);
                b.sid = sid;
                b.account = account;
                b.name = b.name == null ? sid : b.name;
                b.brandType = row.brandType();
                b.lowVolume = row.lowVolume();
                b.status = row.brandStatus();
                b.persist();
                return b;
            });
            Campaign campaign = campaigns.computeIfAbsent(row.campaignSid(), sid -> {
                Campaign c = findCampaign(sid);
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
            MessagingService service = MessagingService.find("sid", row.serviceSid()).firstResult();
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

    private static Campaign findCampaign(String sid) {
        return Campaign.find(sid.startsWith("QE") ? "sid" : "consoleSid", sid).firstResult();
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
