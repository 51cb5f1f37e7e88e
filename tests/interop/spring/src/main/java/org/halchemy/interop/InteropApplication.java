package org.halchemy.interop;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/**
 * Starts on the port given by server.port (0: any free one), seeds A375 and B200, and once
 * ready prints the marker line "HALCHEMY_INTEROP_PORT=<port>" on stdout for serve.py.
 */
@SpringBootApplication
public class InteropApplication {

    public static void main(String[] args) {
        SpringApplication.run(InteropApplication.class, args);
    }

    @Bean
    CommandLineRunner seed(CustomerRepository customers) {
        return args -> {
            customers.save(new Customer("A375", "Pat", "Smith"));
            customers.save(new Customer("B200", "Lee", "Jones"));
        };
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> announcePort() {
        return event -> {
            String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port");
            System.out.println("HALCHEMY_INTEROP_PORT=" + port);
            System.out.flush();
        };
    }
}
