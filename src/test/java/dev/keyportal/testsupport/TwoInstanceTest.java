package dev.keyportal.testsupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * Base of the tests that need the portal twice: the shared test context plus a {@link SecondInstance} on the same
 * database, started once per test class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TwoInstanceTest extends FullStackTest {

    @Autowired
    private Environment environment;

    protected SecondInstance second;

    @BeforeAll
    void startSecondInstance() {
        second = SecondInstance.startLike(environment);
    }

    @AfterAll
    void stopSecondInstance() {
        if (second != null) {
            second.close();
        }
    }
}
