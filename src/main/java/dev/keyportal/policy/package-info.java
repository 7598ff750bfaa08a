/**
 * Key policy: for each parameter a default, an auto-approve ceiling and a hard bound, global or per team, plus
 * per-person caps. Judges a request into auto-approve, needs approval, or refused, field by field.
 */
package dev.keyportal.policy;
