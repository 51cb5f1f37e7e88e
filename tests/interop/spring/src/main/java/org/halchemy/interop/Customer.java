package org.halchemy.interop;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

/**
 * A customer, identified by an assigned membership id. The version makes Spring Data REST
 * send an ETag with each item and answer a stale If-Match with 412 Precondition Failed.
 */
@Entity
public class Customer {

    @Id
    private String membershipId;

    private String givenName;

    private String familyName;

    @Version
    private Long version;

    protected Customer() {
    }

    public Customer(String membershipId, String givenName, String familyName) {
        this.membershipId = membershipId;
        this.givenName = givenName;
        this.familyName = familyName;
    }

    public String getMembershipId() {
        return membershipId;
    }

    public void setMembershipId(String membershipId) {
        this.membershipId = membershipId;
    }

    public String getGivenName() {
        return givenName;
    }

    public void setGivenName(String givenName) {
        this.givenName = givenName;
    }

    public String getFamilyName() {
        return familyName;
    }

    public void setFamilyName(String familyName) {
        this.familyName = familyName;
    }

    public Long getVersion() {
        return version;
    }

    public void setVersion(Long version) {
        this.version = version;
    }
}
