package io.a2pportal.troubleshooting;

import java.time.Instant;

import io.a2pportal.numbers.BrandStatus;
import io.a2pportal.numbers.BrandType;
import io.a2pportal.numbers.CampaignStatus;
import io.a2pportal.numbers.RegistrationStatus;
import io.a2pportal.numbers.UseCase;

/**
 * Everything the advisor's rules read about one number, as plain values: one row of
 * {@link FactsQuery}, so that the rules run the same on a page of numbers, a streamed export and
 * the summary. Blank links in the chain are nulls (no service, no campaign, no brand).
 * <p>
 * The rules read no per-number value other than {@link #status} and how long the number has waited
 * (since the later of {@link #joinedServiceAt} and {@link #statusChangedAt}, which otherwise serve
 * for wording only); the summary relies on that to evaluate them once per group of numbers that
 * share every other fact.
 *
 * @param serviceNumbers how many numbers the messaging service's pool holds (0 without a service)
 * @param serviceRegisteredE164 for a Sole Proprietor service, the number its campaign registered (the lowest, should
 *        there be several); null otherwise
 * @param brandCampaigns how many campaigns the brand has (0 without a brand)
 * @param failureReason the vendor's failure reason from the number's last applied event, or null (serves for
 *        wording only, like the times)
 * @param errorCode the vendor's error code from the number's last applied event, or null
 */
public record NumberFacts(String numberSid, String e164, String accountSid, RegistrationStatus status,
        Instant joinedServiceAt, Instant statusChangedAt, String serviceSid, int serviceNumbers, String serviceRegisteredE164,
        String campaignSid, String campaignConsoleSid, CampaignStatus campaignStatus, String useCase, String brandSid,
        BrandType brandType, boolean lowVolume, BrandStatus brandStatus, int brandCampaigns, String failureReason,
        Integer errorCode) {

    public boolean hasService() {
        return serviceSid != null;
    }

    public boolean hasCampaign() {
        return campaignStatus != null;
    }

    public boolean campaignVerified() {
        return campaignStatus == CampaignStatus.VERIFIED;
    }

    public boolean soleProprietor() {
        return brandType == BrandType.SOLE_PROPRIETOR || UseCase.SOLE_PROPRIETOR.equals(useCase);
    }

    /** The campaign as the Console and the report name it (CM...), else its API SID. */
    public String campaignName() {
        return campaignConsoleSid != null ? campaignConsoleSid : campaignSid;
    }
}
