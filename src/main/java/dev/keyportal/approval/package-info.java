/** The approval queue and the approver's decisions (the rules live in {@code keyrequest.Approvals}). */
package dev.keyportal.approval;
