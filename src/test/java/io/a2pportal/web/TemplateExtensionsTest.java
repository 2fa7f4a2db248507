package io.a2pportal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The counts the pages print. */
class TemplateExtensionsTest {

    @Test
    void countsAreGroupedByThousands() {
        assertEquals("0", TemplateExtensions.grouped(0));
        assertEquals("999", TemplateExtensions.grouped(999));
        assertEquals("1,000", TemplateExtensions.grouped(1000));
        assertEquals("23,456", TemplateExtensions.grouped(23456L));
        assertEquals("1,000,000", TemplateExtensions.grouped(1_000_000));
        assertEquals("10,000,000,000", TemplateExtensions.grouped(10_000_000_000L));
        assertEquals("-1,234", TemplateExtensions.grouped(-1234));
        assertEquals("", TemplateExtensions.grouped(null));
    }
}
