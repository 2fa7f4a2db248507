package io.a2pportal.numbers;

public enum CampaignStatus {
    IN_PROGRESS, VERIFIED, FAILED, SUSPENDED
}
