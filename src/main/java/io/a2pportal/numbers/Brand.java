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
import jakarta.persistence.Table;

/** A brand registration; a low-volume Standard (LVS) brand is a Standard brand with the flag set. */
@Entity
@Table(name = "brand")
public class Brand extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String sid;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "account_id")
    public Account account;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "customer_profile_id")
    public CustomerProfile customerProfile;

    public String name;

    @Enumerated(EnumType.STRING)
    public BrandType brandType;

    public boolean lowVolume;

    @Enumerated(EnumType.STRING)
    public BrandStatus status;

    /** SOLE_PROPRIETOR, STANDARD or LVS, as users name the three kinds. */
    public String kind() {
        return label(brandType, lowVolume);
    }

    public static String label(BrandType type, Boolean lowVolume) {
        if (type == null) {
            return "";
        }
        return type == BrandType.STANDARD && Boolean.TRUE.equals(lowVolume) ? "LVS" : type.name();
    }
}
