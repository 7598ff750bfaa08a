package dev.keyportal.keyrequest;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.CONSTRUCTOR;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;

/** A key budget in dollars as every form takes it: at least a cent, at most a million, whole cents. */
@Documented
@Constraint(validatedBy = {})
@Target({METHOD, FIELD, ANNOTATION_TYPE, CONSTRUCTOR, PARAMETER, TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@DecimalMin(value = "0.01", message = "{keyrequest.budget.min}")
@DecimalMax(value = "1000000", message = "{keyrequest.budget.max}")
@Digits(integer = 7, fraction = 2, message = "{keyrequest.budget.digits}")
@interface KeyBudget {

    String message() default "{keyrequest.budget.digits}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
