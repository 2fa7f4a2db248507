package io.a2pportal.numbers;

public enum BrandStatus {
    PENDING, APPROVED, FAILED, IN_REVIEW, DELETION_PENDING, DELETION_FAILED, SUSPENDED
}
