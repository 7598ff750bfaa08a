package dev.keyportal.keyrequest;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.CONSTRUCTOR;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;

/** A rate or parallelism limit as the request forms take it: a whole number from 1 to a billion. */
@Documented
@Constraint(validatedBy = {})
@Target({METHOD, FIELD, ANNOTATION_TYPE, CONSTRUCTOR, PARAMETER, TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Min(value = 1, message = "{keyrequest.limit.min}")
@Max(value = 1_000_000_000, message = "{keyrequest.limit.max}")
@interface KeyLimit {

    String message() default "{keyrequest.limit.max}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
