package org.halchemy.interop;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.repository.query.Param;

/** Exported by Spring Data REST as /customers, with /customers/search/findByFamilyName. */
public interface CustomerRepository extends JpaRepository<Customer, String> {

    List<Customer> findByFamilyName(@Param("familyName") String familyName);
}
