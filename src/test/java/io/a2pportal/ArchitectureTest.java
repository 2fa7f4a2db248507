package io.a2pportal;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The features and the way they may depend, as drawn in the design's ARCHITECTURE.md: a package uses
 * only those below it, and no two packages use each other. Every package of the main code has to be
 * placed here, so a new one cannot slip in unplaced.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.a2pportal");

    @Test
    void featuresUseOnlyWhatSitsBelowThem() {
        layeredArchitecture()
                .consideringOnlyDependenciesInAnyPackage("io.a2pportal..")
                .layer("demo").definedBy("io.a2pportal.demo..")
                .layer("notifications").definedBy("io.a2pportal.notifications..")
                .layer("api").definedBy("io.a2pportal.api..")
                .layer("events").definedBy("io.a2pportal.events..")
                .layer("reports").definedBy("io.a2pportal.reports..")
                .layer("uploads").definedBy("io.a2pportal.uploads..")
                .layer("troubleshooting").definedBy("io.a2pportal.troubleshooting..")
                .layer("numbers").definedBy("io.a2pportal.numbers..")
                .layer("accounts").definedBy("io.a2pportal.accounts..")
                .layer("web").definedBy("io.a2pportal.web..")
                .layer("mail").definedBy("io.a2pportal.mail..")
                .layer("jobs").definedBy("io.a2pportal.jobs..")
                .layer("db").definedBy("io.a2pportal.db..")
                .layer("files").definedBy("io.a2pportal.files..")
                .layer("secrets").definedBy("io.a2pportal.secrets..")
                .layer("shared").definedBy("io.a2pportal.shared..")

                // dev-mode demo data seeds whatever the features keep
                .whereLayer("demo").mayOnlyAccessLayers("notifications", "api", "events", "reports", "uploads", "troubleshooting",
                        "numbers", "accounts", "web", "mail", "jobs", "db", "files", "secrets", "shared")
                // alerts, digests and scheduled reports tell users what the features hold; no feature uses them
                .whereLayer("notifications").mayOnlyAccessLayers("events", "reports", "uploads", "troubleshooting",
                        "numbers", "accounts", "web", "mail", "jobs", "db", "files", "secrets", "shared")
                // the API and webhooks automate what the pages offer: they use the features, none uses them
                .whereLayer("api").mayOnlyAccessLayers("events", "reports", "uploads", "troubleshooting", "numbers",
                        "accounts", "web", "mail", "jobs", "db", "files", "secrets", "shared")
                // the vendor's live feed is one more source of observations for the ledger
                .whereLayer("events").mayOnlyAccessLayers("troubleshooting", "numbers", "accounts", "web", "mail", "jobs",
                        "db", "secrets", "shared")
                // reports and uploads never use each other: they share only what sits below both
                .whereLayer("reports").mayOnlyAccessLayers("troubleshooting", "numbers", "accounts",
                        "web", "mail", "jobs", "db", "files", "shared")
                .whereLayer("uploads").mayOnlyAccessLayers("numbers", "accounts", "web", "mail", "jobs", "db", "files",
                        "shared")
                // advice reads numbers
                .whereLayer("troubleshooting").mayOnlyAccessLayers("numbers", "accounts", "web", "mail", "jobs", "db", "shared")
                // numbers knows neither who gives advice nor where status changes come from
                .whereLayer("numbers").mayOnlyAccessLayers("accounts", "web", "mail", "jobs", "db", "shared")
                // tenancy does not use numbers
                .whereLayer("accounts").mayOnlyAccessLayers("web", "mail", "jobs", "db", "shared")
                // the bottom row knows no feature
                .whereLayer("web").mayOnlyAccessLayers("shared")
                .whereLayer("mail").mayOnlyAccessLayers("jobs", "db", "shared")
                .whereLayer("jobs").mayOnlyAccessLayers("db", "shared")
                .whereLayer("db").mayOnlyAccessLayers("shared")
                // the file store keeps bytes for reports and uploads alike, knowing neither
                .whereLayer("files").mayNotAccessAnyLayer()
                // secrets at rest are sealed knowing no feature
                .whereLayer("secrets").mayNotAccessAnyLayer()
                // the vocabulary every feature shares uses none of them
                .whereLayer("shared").mayNotAccessAnyLayer()
                .check(MAIN);
    }

    @Test
    void noTwoPackagesUseEachOther() {
        slices().matching("io.a2pportal.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
