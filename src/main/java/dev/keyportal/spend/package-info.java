/**
 * Spend: a job copies LiteLLM's spend into daily rows per key and model (with owner and team), and the
 * dashboards for people and admins read them, with CSV export.
 */
package dev.keyportal.spend;
