package io.a2pportal.numbers;

public enum BrandType {
    SOLE_PROPRIETOR, STANDARD
}
