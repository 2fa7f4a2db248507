package io.a2pportal.troubleshooting;

import java.time.Instant;

import io.a2pportal.numbers.BrandStatus;
import io.a2pportal.numbers.BrandType;
import io.a2pportal.numbers.CampaignStatus;
import io.a2pportal.numbers.RegistrationStatus;

/**
 * Builds {@link NumberFacts} for rule tests, starting from a number that deserves no diagnosis: registered
 * in a ten-number service of a verified Standard campaign, whose approved brand has one campaign.
 */
final class Facts {

    static final String PN = "PN" + "1".repeat(32);
    static final String AC = "AC" + "2".repeat(32);
    static final String MG = "MG" + "3".repeat(32);
    static final String QE = "QE" + "4".repeat(32);
    static final String CM = "CM" + "4".repeat(32);
    static final String BN = "BN" + "5".repeat(32);

    RegistrationStatus status = RegistrationStatus.REGISTERED;
    Instant joined;
    Instant statusChanged;
    String service = MG;
    int serviceNumbers = 10;
    String registeredE164;
    CampaignStatus campaignStatus = CampaignStatus.VERIFIED;
    String useCase = "MIXED";
    BrandType brandType = BrandType.STANDARD;
    boolean lowVolume;
    BrandStatus brandStatus = BrandStatus.APPROVED;
    int brandCampaigns = 1;
    String failureReason;
    Integer errorCode;

    private Facts(Instant joined) {
        this.joined = joined;
        this.statusChanged = joined;
    }

    static Facts registeredStandard(Instant joined) {
        return new Facts(joined);
    }

    Facts status(RegistrationStatus value) {
        status = value;
        return this;
    }

    Facts joined(Instant value) {
        joined = value;
        return this;
    }

    Facts statusChanged(Instant value) {
        statusChanged = value;
        return this;
    }

    Facts noService() {
        service = null;
        serviceNumbers = 0;
        return noCampaign();
    }

    Facts noCampaign() {
        campaignStatus = null;
        useCase = null;
        brandType = null;
        brandStatus = null;
        brandCampaigns = 0;
        return this;
    }

    Facts serviceNumbers(int value) {
        serviceNumbers = value;
        return this;
    }

    Facts registeredInService(String e164) {
        registeredE164 = e164;
        return this;
    }

    Facts campaign(CampaignStatus value) {
        campaignStatus = value;
        return this;
    }

    Facts soleProprietor() {
        brandType = BrandType.SOLE_PROPRIETOR;
        useCase = "SOLE_PROPRIETOR";
        return this;
    }

    Facts lowVolume() {
        lowVolume = true;
        useCase = "LOW_VOLUME";
        return this;
    }

    Facts brand(BrandStatus value) {
        brandStatus = value;
        return this;
    }

    Facts failure(String reason, Integer code) {
        failureReason = reason;
        errorCode = code;
        return this;
    }

    Facts brandCampaigns(int value) {
        brandCampaigns = value;
        return this;
    }

    NumberFacts build() {
        boolean campaign = campaignStatus != null;
        return new NumberFacts(PN, "+14155550100", AC, status, service == null ? null : joined, statusChanged, service,
                serviceNumbers, registeredE164, campaign ? QE : null, campaign ? CM : null, campaignStatus, useCase,
                campaign ? BN : null, brandType, lowVolume, brandStatus, brandCampaigns, failureReason, errorCode);
    }
}
