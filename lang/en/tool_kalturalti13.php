<?php
// This file is part of Moodle - https://moodle.org/
//
// Moodle is free software: you can redistribute it and/or modify
// it under the terms of the GNU General Public License as published by
// the Free Software Foundation, either version 3 of the License, or
// (at your option) any later version.
//
// Moodle is distributed in the hope that it will be useful,
// but WITHOUT ANY WARRANTY; without even the implied warranty of
// MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
// GNU General Public License for more details.
//
// You should have received a copy of the GNU General Public License
// along with Moodle.  If not, see <https://www.gnu.org/licenses/>.

/**
 * English strings.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$string['pluginname'] = 'Kaltura LTI 1.3 upgrade';
$string['privacy:metadata:runs'] = 'The journal of upgrade runs: who started each run, when, the plan and each step. It holds no credentials and no private keys.';
$string['privacy:metadata:runs:userid'] = 'The administrator who started the run.';
$string['privacy:metadata:runs:timestarted'] = 'When the run started.';
$string['privacy:metadata:runs:plan'] = 'The planned changes, with keys shown only as fingerprints.';
$string['privacy:metadata:kaf'] = 'The KAF admin console of the site\'s Kaltura instance. The administrator\'s KAF credentials are sent to it to log in; they are not stored.';
$string['privacy:metadata:kaf:username'] = 'The KAF administrator\'s username.';
$string['privacy:metadata:kaf:password'] = 'The KAF administrator\'s password.';

// Page (amd/src/page, amd/src/ui and templates).
$string['action_connect'] = 'Connect to KAF';
$string['action_revert'] = 'Revert to LTI 1.1';
$string['action_upgrade'] = 'Upgrade to LTI 1.3';
$string['check_fail'] = 'Failed';
$string['check_pass'] = 'Passed';
$string['check_warn'] = 'Warning';
$string['confirm_revert'] = 'Revert the Kaltura integration to LTI 1.1? KAF\'s Hosted module goes back to LTI 1.1 and Moodle\'s Kaltura plugin to LTI 1.0/1.1. The LTI 1.3 keys stay in KAF, unused.';
$string['confirm_revert_title'] = 'Revert to LTI 1.1';
$string['confirm_upgrade'] = 'Apply the {$a->count} planned changes to KAF and Moodle? A KAF backup is saved first, and everything is put back automatically if any step fails.';
$string['confirm_upgrade_title'] = 'Upgrade to LTI 1.3';
$string['credentials_intro'] = 'Enter the credentials of the KAF admin console at {$a}. Moodle uses them to log in there for this run only.';
$string['credentials_missing'] = 'Enter both the KAF username and the password.';
$string['credentials_notstored'] = 'They are not stored anywhere, and are forgotten when you leave this page.';
$string['credentials_password'] = 'KAF password';
$string['credentials_title'] = 'Log in to the KAF admin console';
$string['credentials_username'] = 'KAF username';
$string['loading'] = 'Checking the site…';
$string['check_adminsecret'] = 'Kaltura admin secret';
$string['check_clientid'] = 'Moodle client id';
$string['check_https'] = 'Moodle on https';
$string['check_kafform'] = 'KAF Hosted form';
$string['check_kafkeys'] = 'KAF key pair';
$string['check_ltigrading'] = 'KAF Ltigrading module (Video Quiz grades)';
$string['check_kaflogin'] = 'KAF login';
$string['check_kafstate'] = 'KAF Hosted module';
$string['check_kafuri'] = 'KAF URL (kaf_uri)';
$string['check_kafversion'] = 'KAF instance';
$string['check_kaltura'] = 'Kaltura plugin';
$string['check_kalturarelease'] = 'Kaltura plugin release';
$string['check_moodlestate'] = 'Moodle Kaltura settings';
$string['check_moodleversion'] = 'Moodle version';
$string['check_partnerid'] = 'Kaltura partner id';
$string['check_runinprogress'] = 'Unfinished run';
$string['check_sitekey'] = 'Moodle LTI key pair';
$string['check_tooltypes'] = 'Video Quiz grade tools';
$string['check_userid'] = 'Kaltura user ids under LTI 1.3';
$string['plan_emptyvalue'] = '(empty)';
$string['plan_newprivatekey'] = 'A new RSA-2048 private key (never shown; its fingerprint is in the report)';
$string['plan_newpublickey'] = 'The matching new public key';
$string['steplabel_backup'] = 'Save a KAF configuration backup';
$string['steplabel_finish'] = 'Close the run';
$string['steplabel_kaf'] = 'Save the KAF Hosted module';
$string['steplabel_keys'] = 'Make the RSA key pair';
$string['steplabel_moodle'] = 'Save the Moodle Kaltura settings';
$string['steplabel_rollback'] = 'Put back the values from before the run';
$string['steplabel_rollbackverify'] = 'Check that everything was put back';
$string['steplabel_snapshot'] = 'Record every KAF Hosted value';
$string['steplabel_start'] = 'Start the run';
$string['steplabel_verify'] = 'Verify both sides and a login at KAF';
$string['verdict_difference'] = '{$a->where}: {$a->field} is now "{$a->now}"; set it to "{$a->wanted}".';
$string['verdict_reverted_message'] = 'KAF and Moodle use LTI 1.1 again. The LTI 1.3 values and keys stay in KAF for a later upgrade.';
$string['verdict_upgraded_message'] = 'KAF and Moodle now use LTI 1.3. Launch a Kaltura video in a course to see it from a teacher\'s side.';
$string['page_intro'] = 'This page moves the Kaltura video integration from LTI 1.1 to LTI 1.3 on both KAF (its Hosted module) and Moodle (the Kaltura package settings). It checks the site, shows exactly what will change, saves a KAF backup, applies the changes, verifies them, and puts everything back by itself if any step fails.';
$string['plan_after'] = 'After';
$string['plan_before'] = 'Before';
$string['plan_caption'] = 'Planned changes ({$a->count})';
$string['plan_empty'] = 'Nothing to change: this site is already on LTI 1.3 and verified.';
$string['plan_field'] = 'Setting';
$string['plan_needsconnect'] = 'Connect to KAF to see the exact plan: the current KAF values are read from its admin console.';
$string['plan_optional'] = 'optional';
$string['plan_toolchoice'] = 'Which External tool do your Video Quizzes use?';
$string['plan_toolchoicelocked'] = 'Moodle allows a client id on one tool only, and this one already holds it; the others stay as they are.';
$string['plan_toolchoicenote'] = 'Moodle allows a client id on one tool only, so only the chosen tool is upgraded to LTI 1.3. The others stay as they are and will not send grades under LTI 1.3.';
$string['plan_toolusage'] = '{$a->count} activities';
$string['plan_useridoptin'] = 'Also set KAF\'s LTI 1.3 user-id claim (the optional lines), so that users keep their Kaltura ids and media.';
$string['plan_where'] = 'Where';
$string['plan_where_kaf'] = 'KAF Hosted module';
$string['plan_where_ltigrading'] = 'KAF Ltigrading module';
$string['plan_where_moodle'] = 'Moodle (Kaltura settings)';
$string['plan_where_tooltype'] = 'Moodle External tool';
$string['report_download'] = 'Download the report (JSON)';
$string['report_heading'] = 'Run {$a->id}: {$a->kind}';
$string['report_view'] = 'View the report';
$string['report_back'] = 'Back to the upgrade page';
$string['report_finished'] = 'Finished';
$string['report_nochanges'] = 'No changes were planned.';
$string['report_started'] = 'Started';
$string['report_status'] = 'Outcome';
$string['report_steps'] = 'Steps';
$string['report_user'] = 'Started by';
$string['runstatus_completed'] = 'Completed and verified';
$string['runstatus_failed'] = 'Failed before changing anything';
$string['runstatus_rollbackfailed'] = 'Failed, and the rollback was incomplete';
$string['runstatus_rolledback'] = 'Failed and rolled back';
$string['runstatus_running'] = 'Running or interrupted';
$string['resume_explain'] = 'Resume finishes it from where it stopped; roll back puts both sides back as they were before it started. Both need your KAF credentials.';
$string['resume_run'] = 'Resume';
$string['rollback_run'] = 'Roll back';
$string['run_interrupted'] = 'A {$a->kind} run started by {$a->user} on {$a->time} did not finish.';
$string['section_plan'] = 'Plan';
$string['section_preflight'] = 'Checks';
$string['section_progress'] = 'Progress';
$string['section_status'] = 'Status';
$string['side_kaf'] = 'KAF (Hosted module)';
$string['side_kafunknown'] = 'Not connected yet';
$string['side_moodle'] = 'Moodle (Kaltura package)';
$string['status_lti11'] = 'LTI 1.1';
$string['status_lti13'] = 'LTI 1.3';
$string['status_other'] = 'Other ({$a->value})';
$string['step_done'] = 'Done';
$string['step_failed'] = 'Failed';
$string['step_pending'] = 'Pending';
$string['step_running'] = 'Running';
$string['step_skipped'] = 'Skipped';
$string['verdict_failed'] = 'The run stopped before it changed anything';
$string['verdict_reverted'] = 'Reverted to LTI 1.1 and verified';
$string['verdict_rolledback'] = 'The run failed and everything was put back';
$string['verdict_rollbackfailed'] = 'The run failed and the rollback was incomplete: action needed';
$string['verdict_upgraded'] = 'Upgraded to LTI 1.3 and verified';
$string['verdict_nothing'] = 'Nothing to do';

// Shim (classes/).
$string['eventrunstarted'] = 'Kaltura LTI 1.3 upgrade run started';
$string['eventrunstarteddesc'] = 'The user with id \'{$a->userid}\' started a Kaltura LTI 1.3 {$a->kind} run with id \'{$a->runid}\'.';
$string['eventruncompleted'] = 'Kaltura LTI 1.3 upgrade run completed';
$string['eventruncompleteddesc'] = 'The Kaltura LTI 1.3 {$a->kind} run with id \'{$a->runid}\' completed and was verified.';
$string['eventrunfailed'] = 'Kaltura LTI 1.3 upgrade run failed';
$string['eventrunfaileddesc'] = 'The Kaltura LTI 1.3 {$a->kind} run with id \'{$a->runid}\' ended with status \'{$a->status}\'.';
$string['eventrunrolledback'] = 'Kaltura LTI 1.3 upgrade run rolled back';
$string['eventrunrolledbackdesc'] = 'The Kaltura LTI 1.3 {$a->kind} run with id \'{$a->runid}\' failed and was rolled back to its snapshot.';
$string['eventrunreverted'] = 'Kaltura integration reverted to LTI 1.1';
$string['eventrunreverteddesc'] = 'The revert run with id \'{$a->runid}\' restored the LTI 1.1 settings.';
$string['kafbadcredentials'] = 'KAF did not accept the username or password. Check them in the KAF admin console (log in there by hand if unsure) and enter them again.';
$string['kafhostrefused'] = 'The KAF host {$a} is not allowed: it resolves to a private, loopback, link-local or metadata address, or is blocked by this site\'s HTTP security settings (curlsecurityblockedhosts, curlsecurityallowedport). Check the KAF URL in the Kaltura settings, or ask your server administrator.';
$string['kafmethodrefused'] = 'Only GET and POST requests can be sent to KAF ({$a} was asked for). This is a fault in the page: reload it and try again.';
$string['kafnotloggedin'] = 'You are not logged in to the KAF admin console, or your KAF session expired. Enter your KAF admin credentials again.';
$string['kafpathrefused'] = 'The KAF page {$a} is not one this tool may open: only /version, /admin pages and the LTI 1.3 endpoints of /hosted/index are allowed. This is a fault in the page: reload it and try again.';
$string['kaftimeout'] = 'KAF at {$a} did not answer in time. Check that the instance is up (its /version page), then try again.';
$string['kaftlserror'] = 'The secure (TLS) connection to KAF at {$a} failed: its certificate is not valid or not trusted by this server. Check the KAF URL (it must be the instance\'s own https name) or ask your server administrator to check the server\'s CA certificates.';
$string['kafunexpectedpage'] = 'KAF answered with a page this tool does not recognise ({$a}), so it stopped before changing anything. Check that the KAF URL points at the KAF instance itself, log in to its admin console by hand to check it works, then try again.';
$string['kafunreachable'] = 'KAF at {$a} could not be reached (no answer, the name does not resolve, or the connection was refused). Check the KAF URL in the Kaltura settings and that the instance is up, then try again.';
$string['kafuribad'] = 'The KAF URL in the Kaltura settings is not usable: {$a} Correct it first.';
$string['kalturamissing'] = 'The Kaltura plugin (local_kaltura) is not installed, so there are no Kaltura settings to change. Install the Kaltura package for your Moodle version first.';
$string['privacy:metadata:runs:timefinished'] = 'When the run finished.';
$string['privacy:runs'] = 'Upgrade runs';
$string['rule_checkbox'] = 'it must be 0 or 1.';
$string['rule_kaf_uri'] = 'it must be https:// followed by the KAF host name and nothing else (no path, no trailing slash, no spaces, no user name), for example https://12345.kaf.kaltura.com.';
$string['rule_lti_version'] = 'it must be LTI-1p0 (LTI 1.1) or 1.3.0 (LTI 1.3).';
$string['rule_partner_id'] = 'it must be your Kaltura partner id, a positive whole number.';
$string['rule_twice'] = 'it was given twice in the same save.';
$string['rule_uri'] = 'it must be the Kaltura API host name, for example www.kaltura.com or https://www.kaltura.com.';
$string['runbadjson'] = 'The {$a} sent for the run is not valid JSON, is too long or holds a private key. This is a fault in the page: reload it and try again.';
$string['runbadkind'] = 'A run must be an upgrade or a revert ({$a} was asked for). Reload the page and try again.';
$string['runbadstatus'] = 'A run can only finish as completed, failed, rolledback or rollbackfailed ({$a} was given). Reload the page and try again.';
$string['runbadstep'] = 'The step {$a} has a bad name, status or time. Reload the page and try again.';
$string['runinprogress'] = 'Another upgrade run (number {$a->id}) is in progress: {$a->name} started it on {$a->time}. Wait for it to finish, or open this page to resume or roll it back.';
$string['runlockbusy'] = 'Another administrator is starting a run at this very moment. Wait a few seconds and reload the page.';
$string['runnotfound'] = 'There is no run number {$a}. Reload the page.';
$string['runnotrunning'] = 'Run number {$a} is already finished, so it cannot be changed. Reload the page to see its report.';
$string['secretunknown'] = 'A private key the page refers to is no longer held by the server (the KAF session or the run it belonged to has ended). Read the KAF page again, then retry.';
$string['settinginvalid'] = 'The value for the Kaltura setting {$a->name} is not valid: {$a->rule} Nothing was saved. Correct it and try again.';
$string['tooltypeclientidtaken'] = 'The client id {$a->clientid} is already used by the External tool "{$a->name}" (id {$a->id}); Moodle allows each client id on one tool only. Nothing was saved. Choose that tool for the Video Quiz grades, or change its client id under Site administration > Plugins > Activity modules > External tool > Manage tools.';
$string['tooltypefieldunknown'] = 'This tool does not change the External tool setting "{$a}". Nothing was saved. Reload the page and try again.';
$string['tooltypeinvalid'] = 'The value for the External tool setting "{$a}" is not valid. Nothing was saved. Reload the page and try again.';
$string['tooltypeunknown'] = 'External tool {$a} does not exist or does not point at the KAF host. Nothing was saved. Reload the page and try again.';
$string['settingunknown'] = 'This tool does not change the Kaltura setting "{$a}". Nothing was saved. Reload the page and try again.';
$string['unknownuser'] = 'a deleted user (id {$a})';

// Engine (amd/src/local).
$string['engine_err_kafbadcredentials'] = 'KAF did not accept the username or password. Check the KAF admin credentials and try again. {$a->detail}';
$string['engine_err_kafhostrefused'] = 'The server refused to connect to the KAF host (it is not allowed, or resolves to a private address). Check kaf_uri in the Kaltura settings. {$a->detail}';
$string['engine_err_kafmethodrefused'] = 'The server refused a request method to KAF. This is a bug in this tool; report it. {$a->detail}';
$string['engine_err_kafnotloggedin'] = 'The KAF session ended and logging in again did not help. Check the KAF credentials and try again. {$a->detail}';
$string['engine_err_kafpathrefused'] = 'The server refused to request a KAF page that is not on its list. This is a bug in this tool; report it. {$a->detail}';
$string['engine_err_kafstatus'] = 'KAF answered {$a->status} for {$a->path}. Wait a moment and try again; if it persists, check KAF\'s status with Kaltura.';
$string['engine_err_kaftimeout'] = 'KAF did not answer in time. Wait a moment and try again; if it persists, check KAF\'s status with Kaltura. {$a->detail}';
$string['engine_err_kaftlserror'] = 'The secure connection to KAF failed (certificate or TLS problem). Check kaf_uri and that KAF\'s certificate is valid. {$a->detail}';
$string['engine_err_kafunexpectedpage'] = 'KAF answered with a page this tool does not recognise. Open the KAF admin console in a browser to check it works, then try again. {$a->detail}';
$string['engine_err_kafunreachable'] = 'KAF could not be reached. Check kaf_uri and that the Moodle server can reach KAF, then try again. {$a->detail}';
$string['engine_err_kafuribad'] = 'kaf_uri is not of the form https://host. Correct it in the Kaltura settings (or accept the offered correction), then try again. {$a->detail}';
$string['engine_err_nocrypto'] = 'This browser cannot generate keys here (no WebCrypto and the fallback did not load). Open this page over https, or in another browser.';
$string['engine_err_runinprogress'] = 'Another run is in progress. Wait for it to finish, or resume or roll it back from this page. {$a->detail}';
$string['engine_err_sessionclosed'] = 'The KAF session of this page was closed. Enter the KAF credentials again.';
$string['engine_err_secretunknown'] = 'The server no longer holds a KAF private key this run refers to (its session ended). Connect to KAF again and retry. {$a->detail}';
$string['engine_err_settinginvalid'] = 'Moodle refused a setting value. {$a->detail}';
$string['engine_err_settingunknown'] = 'Moodle refused to change a setting. {$a->detail}';
$string['engine_err_unexpected'] = 'Unexpected error: {$a->error}. Reload the page: it shows where the run stands and what to do.';
$string['engine_err_tooltypeclientidtaken'] = 'Moodle refused to give the Video Quiz grade tool the client id. {$a->detail}';
$string['engine_err_tooltypefieldunknown'] = 'Moodle refused an External tool setting. {$a->detail}';
$string['engine_err_tooltypeinvalid'] = 'Moodle refused an External tool value. {$a->detail}';
$string['engine_err_tooltypeunknown'] = 'Moodle could not find a Video Quiz grade tool. {$a->detail}';
$string['engine_err_unknown'] = 'The server reported an error ({$a->code}): {$a->detail} Reload the page and try again.';
$string['engine_ev_hostedok'] = 'KAF Hosted: all {$a->count} planned fields hold their planned values.';
$string['engine_ev_hostedwrong'] = 'KAF Hosted: these fields do not hold their planned values: {$a->fields}.';
$string['engine_ev_keysetmissing'] = 'KAF\'s key set ({$a->count} keys) does not contain the new key {$a->thumbprint}.';
$string['engine_ev_keysetok'] = 'KAF\'s key set publishes our key {$a->thumbprint} (kid {$a->kid}).';
$string['engine_ev_moodleok'] = 'Moodle: the Kaltura settings are as planned.';
$string['engine_ev_ltigradingok'] = 'KAF: the Ltigrading module is enabled and nothing else on its page changed.';
$string['engine_ev_ltigradingwrong'] = 'KAF: the Ltigrading page does not hold what was planned or changed elsewhere: {$a->fields}.';
$string['engine_ev_tooltypesok'] = 'Moodle: the Video Quiz grade tool is on LTI 1.3 with Moodle\'s client id, KAF\'s key set, login and redirect URLs, and grade sync: {$a->names}.';
$string['engine_ev_tooltypeswrong'] = 'Moodle: these External tool settings are not as planned: {$a->fields}.';
$string['engine_ev_moodlewrong'] = 'Moodle: these Kaltura settings are not as planned: {$a->fields}.';
$string['engine_ev_oidcok'] = 'A login started at KAF comes back to {$a->auth} with client id {$a->clientid} and redirect URI {$a->redirect}.';
$string['engine_ev_oidcwrong'] = 'A login started at KAF went to {$a->location}, not to {$a->auth} with client id {$a->clientid} and redirect URI {$a->redirect} (wrong or missing: {$a->problems}).';
$string['engine_ev_restoredkaf'] = 'KAF Hosted: every field is as it was before the run.';
$string['engine_ev_restoredmoodle'] = 'Moodle: the Kaltura settings are as they were before the run.';
$string['engine_ev_unplannedchanged'] = 'KAF Hosted: fields this tool did not plan to change are different: {$a->fields}. Compare them with the report and correct them in KAF.';
$string['engine_ev_unplannedok'] = 'KAF Hosted: the {$a->count} other fields are unchanged.';
$string['engine_journalwritefailed'] = 'The journal could not record step {$a->step}; the report may miss it.';
$string['engine_kafauthmethodnotselect'] = 'KAF\'s Hosted page has an authMethod field that is not a list. Check the page in KAF, and report it if it looks normal.';
$string['engine_kafbackupnotconfirmed'] = 'KAF did not confirm the configuration backup ("Configuration file was saved successfully." was not shown). Nothing was changed. Make a backup in KAF by hand (Server Tools > Backup Configuration), then try again.';
$string['engine_kafeditproblem'] = 'The KAF field {$a->field} could not be set ({$a->kind}). Check the Hosted page in KAF; nothing else was changed by this save.';
$string['engine_kaffieldsmissing'] = 'KAF\'s Hosted page is missing the LTI 1.3 fields {$a->fields}. Ask Kaltura to enable LTI 1.3 for this KAF instance.';
$string['engine_kaffieldsnotrevealed'] = 'After LTI 1.3 was saved, KAF\'s Hosted page still does not show the LTI 1.3 fields. The change is being undone. Ask Kaltura to enable LTI 1.3 for this KAF instance.';
$string['engine_kafformnotpost'] = 'KAF\'s Hosted form does not post its values. Check the page in KAF, and report it if it looks normal.';
$string['engine_kafnobutton'] = 'The KAF page has no "{$a->text}" button. Check the page in KAF, and report it if it looks normal.';
$string['engine_kafnohostedform'] = 'KAF\'s Hosted page (/admin/config/tab/hosted) has no configuration form with authMethod. Check that the Hosted module is enabled in KAF.';
$string['engine_kafnomoduleform'] = 'KAF\'s page {$a->path} has no configuration form with an enabled setting and a Save button. Check that the module exists in KAF.';
$string['engine_kafnolink'] = 'The KAF console has no "{$a->text}" link. Nothing was changed. Check the Server Tools menu in KAF.';
$string['engine_kafnolti11option'] = 'KAF\'s authMethod list has no LTI 1.1 option. Check the Hosted page in KAF.';
$string['engine_kafnolti13option'] = 'KAF\'s authMethod list has no LTI 1.3 option. Ask Kaltura to enable LTI 1.3 for this KAF instance.';
$string['engine_kafnosavebutton'] = 'KAF\'s Hosted page has no Save button. Check the page in KAF.';
$string['engine_kafsaverejected'] = 'KAF refused the save of {$a->path} (it showed errors). The change is being undone. Check the Hosted page in KAF.';
$string['engine_nothingtodo'] = 'This site is already on LTI 1.3 and verified: nothing to change.';
$string['engine_nothingtorevert'] = 'Both KAF and Moodle are already on LTI 1.1: nothing to revert.';
$string['engine_pf_adminsecretmissing'] = 'The Kaltura admin secret is not set. The upgrade works without it, but going back to LTI 1.1 later needs it: set it in the Kaltura settings.';
$string['engine_pf_adminsecretok'] = 'The Kaltura admin secret is set (kept for a return to LTI 1.1).';
$string['engine_pf_bothon11'] = 'KAF and Moodle are both on LTI 1.1: ready to upgrade.';
$string['engine_pf_bothon13'] = 'KAF and Moodle are both on LTI 1.3: the plan shows whether anything is left to do.';
$string['engine_pf_clientidmissing'] = 'Moodle has no Kaltura client id. Open the Kaltura settings page once (it creates one), then reload this page.';
$string['engine_pf_clientidok'] = 'Moodle\'s Kaltura client id is {$a->value}.';
$string['engine_pf_halfway'] = 'The sites disagree (KAF authMethod: {$a->kaf}; Moodle LTI version: {$a->moodle}): launches are probably failing now. The upgrade completes both sides.';
$string['engine_pf_httpsno'] = 'Moodle is served over http ({$a->wwwroot}). LTI 1.3 launches need https: switch the site to https before teachers use it.';
$string['engine_pf_httpsok'] = 'Moodle is served over https.';
$string['engine_pf_kafformaftersave'] = 'KAF\'s Hosted form is as expected; it shows the LTI 1.3 fields only after LTI 1.3 is saved, so the upgrade saves twice.';
$string['engine_pf_kafformok'] = 'KAF\'s Hosted form has every field the upgrade needs.';
$string['engine_pf_kafloginok'] = 'Logged in at KAF.';
$string['engine_pf_kafuriempty'] = 'kaf_uri is empty. Enter your KAF address (https://PARTNERID.kaf.kaltura.com) in the Kaltura settings, then reload.';
$string['engine_pf_kafurifix'] = 'kaf_uri "{$a->value}" is not of the form https://host ({$a->problems}). It will be corrected to {$a->fixed} before logging in to KAF.';
$string['engine_pf_kafuriinvalid'] = 'kaf_uri "{$a->value}" is not a KAF address. Enter https://PARTNERID.kaf.kaltura.com (or your KAF host) in the Kaltura settings, then reload.';
$string['engine_pf_kafuriok'] = 'kaf_uri is {$a->value}.';
$string['engine_pf_kafversionok'] = 'KAF answers (version {$a->version}).';
$string['engine_pf_kalturamissing'] = 'The Kaltura plugin (local_kaltura) is not installed. Install Kaltura\'s Moodle plugin package first.';
$string['engine_pf_kalturanolti13'] = 'The Kaltura plugin (release {$a->release}) has no LTI 1.3 support. Upgrade it to release 4.4.2 or later first.';
$string['engine_pf_kalturaok'] = 'The Kaltura plugin (release {$a->release}) supports LTI 1.3.';
$string['engine_pf_keyskept'] = 'KAF already has a key pair whose public key its key set publishes ({$a->thumbprint}); it is kept.';
$string['engine_pf_keysnew'] = 'A new RSA key pair will be made for KAF.';
$string['engine_pf_keysreplaced'] = 'KAF has a key pair that its key set does not publish; a new pair will replace it.';
$string['engine_pf_moodleok'] = 'Moodle {$a->release}.';
$string['engine_pf_moodleold'] = 'Moodle {$a->release} is older than 4.0. Upgrade Moodle first.';
$string['engine_pf_moodleon11'] = 'Moodle\'s Kaltura plugin uses LTI version {$a->version}.';
$string['engine_pf_moodleon13'] = 'Moodle\'s Kaltura plugin already uses LTI 1.3.';
$string['engine_pf_partnermissing'] = 'The Kaltura partner id is not set. Enter it (a number, shown in the KMC under Integrations) in the Kaltura settings, then reload.';
$string['engine_pf_partnerok'] = 'Partner id {$a->value}.';
$string['engine_pf_releaseok'] = 'The Kaltura plugin release {$a->release} sends the right user id under LTI 1.3.';
$string['engine_pf_releaseold'] = 'The Kaltura plugin release {$a->release} is older than 4.4.2, which sends the wrong user id under LTI 1.3. Upgrade it to 4.4.2 or later before or soon after the switch.';
$string['engine_pf_runinprogress'] = 'Run {$a->id} ({$a->kind}) by {$a->user} did not finish. Resume it or roll it back before anything else.';
$string['engine_pf_sitekeymissing'] = 'Moodle\'s LTI key pair (mod_lti private key and kid) is missing. Run the Moodle upgrade (Site administration > Notifications) so mod_lti creates it, check {$a->certs} lists a key, then reload.';
$string['engine_pf_sitekeyok'] = 'Moodle\'s LTI key pair is present.';
$string['engine_planstale'] = 'These values changed since the plan was shown: {$a->fields}. Nothing was changed. Reload the page to see a new plan.';
$string['engine_rollbackfailed_todo'] = 'The rollback did not put everything back. The report lists, for KAF and Moodle, each field that differs with its value now and the value to set. Set them by hand (KAF: the Hosted page; Moodle: the Kaltura settings), or restore KAF\'s last saved configuration (Server Tools > Backup Configuration > Restore Last Saved Configuration).';
$string['engine_rollbackincomplete'] = 'The rollback left these fields different: {$a->fields}.';
$string['engine_rollbacknothing'] = 'The run stopped before changing anything; there is nothing to roll back.';
$string['engine_rollbackrequested'] = 'Rolled back at the administrator\'s request.';
$string['engine_step_alreadydone'] = 'Already done by the interrupted run.';
$string['engine_step_nokeys'] = 'No keys are needed.';
$string['engine_verifyfailed'] = 'Verification failed ({$a->checks}). The change is being undone.';
$string['engine_pf_ltigradingmissing'] = 'KAF has no Ltigrading page with an Enabled setting, so this tool cannot check that Video Quiz grades are sent. Check the Ltigrading module in KAF by hand.';
$string['engine_pf_ltigradingoff'] = 'KAF\'s Ltigrading module is off, so Video Quiz grades do not reach Moodle. The plan turns it on.';
$string['engine_pf_ltigradingon'] = 'KAF\'s Ltigrading module is on.';
$string['engine_pf_tooltypesheld'] = 'Moodle\'s client id is already used by an External tool that is not on the KAF host, so no Video Quiz grade tool can take it ({$a->names} stay as they are). Give that other tool another client id first.';
$string['engine_pf_tooltypesheldby'] = '{$a->count} External tools point at the KAF host ({$a->names}). Only one can hold Moodle\'s client id, and "{$a->name}" already does: it is the one upgraded; the others stay as they are and will not send grades under LTI 1.3.';
$string['engine_pf_tooltypesnone'] = 'No External tool points at the KAF host: there is no Video Quiz grade tool to upgrade.';
$string['engine_pf_tooltypesok'] = 'The Video Quiz grade tool "{$a->name}" is already on LTI 1.3 with Moodle\'s client id.';
$string['engine_pf_tooltypesplanned'] = 'The Video Quiz grade tool "{$a->name}" ({$a->count} activities) is upgraded to LTI 1.3 with the rest.';
$string['engine_pf_tooltypesseveral'] = '{$a->count} External tools point at the KAF host ({$a->names}). Moodle lets only one of them hold the client id KAF uses, so only one can be upgraded: choose the one your Video Quizzes use in the plan (now: "{$a->name}"). The others stay as they are and will not send grades under LTI 1.3.';
$string['engine_pf_useriddiffers'] = 'Under LTI 1.1 KAF identifies users by {$a->attribute} ({$a->v11}); under LTI 1.3 by the claim {$a->claim} (property {$a->property}), which local_kaltura {$a->release} fills with the {$a->v13}. Users would get new Kaltura ids and lose their media. The plan offers to set the 1.3 claim to {$a->offer}: tick it to keep their ids.';
$string['engine_pf_useriddiffersnofix'] = 'Under LTI 1.1 KAF identifies users by {$a->attribute} ({$a->v11}); under LTI 1.3 by the claim {$a->claim}, which local_kaltura {$a->release} fills with the {$a->v13}. Users would get new Kaltura ids and lose their media, and no 1.3 claim KAF offers is known to carry the {$a->v11}. Ask Kaltura how to map the users before you upgrade.';
$string['engine_pf_useridsame'] = 'KAF identifies users the same way under LTI 1.1 ({$a->attribute}) and 1.3 ({$a->claim}): the {$a->v11}.';
$string['engine_pf_useridunknown'] = 'This tool cannot tell whether users keep their Kaltura ids: LTI 1.1 uses {$a->attribute}, LTI 1.3 uses the claim {$a->claim} (property {$a->property}). Check the user-id settings in KAF\'s Hosted module by hand.';
$string['engine_pf_useridunread'] = 'KAF shows its LTI 1.3 user-id settings only after the switch, so this tool cannot compare them with LTI 1.1 beforehand. Check them in KAF\'s Hosted module after the upgrade.';

// Issue 12: the report's fix-by-hand list, the run's cause.
$string['report_cause'] = 'Why it failed';
$string['report_now'] = 'Value now';
$string['report_tofix'] = 'Set these by hand';
$string['report_wanted'] = 'Set it to';
$string['engine_useridchoice'] = 'Users would get new Kaltura ids under LTI 1.3 and lose their media. Nothing was changed. Choose on the plan: keep their ids, or confirm that you accept the loss.';
$string['engine_useridnokeep'] = 'After LTI 1.3 was saved, KAF showed its LTI 1.3 user-id setting: the claim {$a->claim} (property {$a->property}), and no LTI 1.3 setting gives the ids LTI 1.1 gave ({$a->attribute}). The change is being undone so that no user gets a new Kaltura id. Ask Kaltura how to map user ids, or upgrade again accepting the loss.';
$string['engine_useridstillunread'] = 'After LTI 1.3 was saved, KAF still did not show its LTI 1.3 user-id setting, so users\' ids cannot be kept. The change is being undone. Check the Hosted page in KAF, or upgrade again accepting the loss.';
$string['plan_useridack'] = 'I accept that users get new Kaltura ids under LTI 1.3 and lose access to their media.';
$string['plan_useridkeepaftersave'] = 'Keep users\' Kaltura ids: compare KAF\'s LTI 1.3 user-id setting as soon as KAF shows it (between the run\'s two saves), set the matching one, or stop and put everything back.';
$string['plan_useridneeded'] = 'Users may get new Kaltura ids (see the user-id check). Choose below before upgrading.';
