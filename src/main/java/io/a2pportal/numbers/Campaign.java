package io.a2pportal.numbers;

import io.a2pportal.accounts.Account;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;

/** A US A2P campaign: the API knows it as QE..., the Console and reports as CM.... */
@Entity
@Table(name = "campaign")
public class Campaign extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String sid;

    public String consoleSid;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "account_id")
    public Account account;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "brand_id")
    public Brand brand;

    /** Copied from the brand so that the database can enforce one campaign per Sole Proprietor brand. */
    @Enumerated(EnumType.STRING)
    public BrandType brandType;

    public String useCase;

    @Enumerated(EnumType.STRING)
    public CampaignStatus status;

    @PrePersist
    void copyBrandType() {
        brandType = brand.brandType;
    }
}
