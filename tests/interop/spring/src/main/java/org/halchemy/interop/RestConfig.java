package org.halchemy.interop;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.rest.core.config.RepositoryRestConfiguration;
import org.springframework.data.rest.webmvc.config.RepositoryRestConfigurer;
import org.springframework.data.rest.webmvc.support.RepositoryEntityLinks;
import org.springframework.hateoas.CollectionModel;
import org.springframework.hateoas.EntityModel;
import org.springframework.hateoas.Link;
import org.springframework.hateoas.server.RepresentationModelProcessor;
import org.springframework.web.servlet.config.annotation.CorsRegistry;

/** Ids in the bodies, and a templated `item` link on the customers collection. */
@Configuration
public class RestConfig {

    @Bean
    RepositoryRestConfigurer exposeMembershipIds() {
        return new RepositoryRestConfigurer() {
            @Override
            public void configureRepositoryRestConfiguration(RepositoryRestConfiguration config,
                                                             CorsRegistry cors) {
                config.exposeIdsFor(Customer.class);
            }
        };
    }

    /**
     * Adds {"href": ".../customers/{membershipId}", "templated": true} as rel `item` to
     * every customers collection (pages included), so a client can reach one customer by
     * its id without building a URL. (A named class, not a lambda: Spring HATEOAS picks the
     * models a processor applies to from its generic type.)
     */
    @Bean
    CustomerItemLink customerItemLink(RepositoryEntityLinks entityLinks) {
        return new CustomerItemLink(entityLinks);
    }

    static class CustomerItemLink implements RepresentationModelProcessor<CollectionModel<EntityModel<Customer>>> {

        private final RepositoryEntityLinks entityLinks;

        CustomerItemLink(RepositoryEntityLinks entityLinks) {
            this.entityLinks = entityLinks;
        }

        @Override
        public CollectionModel<EntityModel<Customer>> process(CollectionModel<EntityModel<Customer>> collection) {
            String customers = entityLinks.linkToCollectionResource(Customer.class).expand().getHref();
            collection.add(Link.of(customers + "/{membershipId}", "item"));
            return collection;
        }
    }
}
