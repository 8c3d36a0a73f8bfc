// Opens Hearth's pages for registering interest, "Could you foster?" and
// information events, public and staff, in headless Chromium (Debian's
// package), as a person would reach them, and runs axe-core on each: any
// violation of a WCAG 2.2 A or AA rule fails the check. `scripts/check-accessibility` starts a
// Hearth with demo data and runs this against it.

import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium } from "playwright-core";

const base = process.env.HEARTH_URL ?? "http://127.0.0.1:8080";
const officer = process.env.HEARTH_OFFICER ?? "recruitment-officer.north-east@example.org";
const password = process.env.HEARTH_PASSWORD ?? "hearth demo password";
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  // Root in CI's containers has no user namespaces for Chromium's sandbox.
  args: ["--no-sandbox"],
});
// Hearth's Content-Security-Policy rightly forbids injected scripts: the
// check's own copy of axe-core is let through, nothing else changes.
let page = await browser.newPage({ bypassCSP: true });
const failures = [];
let checked = 0;

/** Runs axe on the page as it is now, named `what`, once `shown` (a
 * selector) is on it: so each check is of the page it means to be. */
async function check(what, shown = "main h1") {
  await page.locator(shown).first().waitFor({ state: "attached", timeout: 5000 });
  await page.addScriptTag({ path: axePath });
  const results = await page.evaluate(
    (values) => window.axe.run(document, { runOnly: { type: "tag", values } }),
    tags,
  );
  checked += 1;
  const layout = await layoutProblems();
  if (layout.length > 0) {
    console.log(`FAIL ${what}`);
    for (const problem of layout) {
      console.log(`     ${problem}`);
    }
    failures.push(what);
    return;
  }
  if (results.violations.length === 0) {
    console.log(`ok   ${what} (${results.passes.length} rules pass)`);
    return;
  }
  console.log(`FAIL ${what}`);
  for (const violation of results.violations) {
    console.log(`     ${violation.id} (${violation.impact}): ${violation.help}`);
    for (const node of violation.nodes.slice(0, 5)) {
      console.log(`       at ${node.target.join(" ")}`);
    }
  }
  failures.push(what);
}

/** What is wrong with the page's layout that axe does not see: at 320 px
 * wide nothing may scroll sideways (WCAG 1.4.10, wide tables scroll in
 * their own region), and at 1280 px the navigation fits on one line. */
async function layoutProblems() {
  const problems = [];
  await page.setViewportSize({ width: 320, height: 800 });
  const wide = await page.evaluate(() => {
    const doc = document.documentElement;
    if (doc.scrollWidth <= doc.clientWidth + 1) return null;
    // The widest element not inside a scrolling region, to say what is at fault.
    const inRegion = (el) => el.closest(".hearth-table-region, dialog");
    const culprit = [...document.body.querySelectorAll("*")]
      .filter((el) => !inRegion(el) && el.getBoundingClientRect().right > doc.clientWidth + 1)
      .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)[0];
    return `${doc.scrollWidth}px (${culprit ? culprit.tagName.toLowerCase() + "." + culprit.className : "?"})`;
  });
  if (wide) problems.push(`scrolls sideways at 320 px: ${wide}`);
  await page.setViewportSize({ width: 1280, height: 800 });
  const rows = await page.evaluate(
    () => new Set([...document.querySelectorAll(".govuk-service-navigation__item")].map((li) => li.offsetTop)).size,
  );
  if (rows > 1) problems.push(`the navigation wraps onto ${rows} lines at 1280 px`);
  return problems;
}

async function visit(path) {
  const response = await page.goto(base + path);
  if (!response || response.status() >= 500) {
    throw new Error(`${path} answered ${response?.status()}`);
  }
}

/** Clicks the button labelled `text` and waits for the next page. */
async function press(text) {
  await Promise.all([
    page.waitForLoadState("load"),
    page.getByRole("button", { name: text, exact: true }).click(),
  ]);
}

// Registering interest: the form, its errors, the confirmation with the
// optional equality questions, and the thanks after answering them.
await visit("/register-interest?utm_source=axe");
await check("register interest");
await press("Send");
await check("register interest, with errors", ".govuk-error-summary");
await page.fill("#name", "Ada Checker");
await page.fill("#email", "ada.checker@example.org");
await page.fill("#phone", "07700 900 123");
await page.fill("#postcode", "TS24 7AB");
await page.check("#best_time_to_call");
await page.check("#consent_to_contact");
await press("Send");
await check("interest received, with the equality questions", "input[name=token]");
await press("Send answers");
await check("equality answers received");

// The answers that are not the page asked for: an address naming nothing,
// and a form sent without the token of the page it came from.
await visit("/events/abc");
await check("page not found, for an id that is not a number");
await visit("/register-interest");
await page.evaluate(() => document.querySelector("input[name=csrf_token]").remove());
await press("Send");
await check("a form refused for its token");

// "Could you foster?" and finding the local service.
for (const path of ["/fostering", "/fostering/who-can-foster", "/fostering/kinds-of-fostering", "/fostering/what-happens-next"]) {
  await visit(path);
  await check(path);
}
await visit("/fostering/your-local-service?postcode=TS24+7AB");
await check("your local fostering service", "main h1");

// Finding an event and booking a place.
await visit("/events");
await check("information events");
await visit("/events?postcode=nowhere");
await check("information events, with an unknown postcode", ".govuk-error-summary");
await visit("/events?postcode=TS24%007AB");
await check("a control character refused", ".govuk-error-summary");
await visit("/events?postcode=TS24+7AB");
await check("information events near a postcode", ".govuk-summary-card");
await page.locator(".govuk-summary-card__title a").first().click();
await page.waitForLoadState("load");
await check("an information event", "form input#email");
await press("Book a place");
await check("an information event, with errors", ".govuk-error-summary");
await page.fill("#name", "Ada Checker");
await page.fill("#email", "ada.checker@example.org");
await press("Book a place");
await check("a place booked", ".govuk-panel--confirmation");

// Staff: their events, publishing one, and recording who came.
await visit("/sign-in/password");
await page.fill("#email", officer);
await page.fill("#password", password);
await press("Sign in");
await visit("/manage/events");
await check("your information events", "table");
await visit("/manage/events/new");
await check("publish an event");
await press("Publish event");
await check("publish an event, with errors", ".govuk-error-summary");
await visit("/manage/events?show=past");
await check("your past information events", "table");
await page.locator("table").last().locator("a").first().click();
await page.waitForLoadState("load");
await check("an event's registrations and attendance", "button[value=attended]");
await visit("/enquiries");
await check("the enquiry queue", "table");
await page.locator("table a").first().click();
await page.waitForLoadState("load");
await check("a household's record", "#visits");
// Search, from the box in the header. The demo's households are indexed by
// the server's own workers as it starts.
await page.fill("#header-search", "Graham Milbrun");
await press("Search");
await check("search results, a typo forgiven", ".hearth-results");
await visit("/search?q=");
await check("search, with nothing entered", ".govuk-error-summary");
await visit("/search?q=Zebedee+Quixote");
await check("search, finding nothing", "#results");


/** A fresh browser session, signed in as `email` (staff, by password). */
async function signInAs(email) {
  await page.context().close();
  page = await browser.newPage({ bypassCSP: true });
  await visit("/sign-in/password");
  await page.fill("#email", email);
  await page.fill("#password", password);
  await press("Sign in");
}

/** The first link to `path` (like "/sign-in/link/") in an email to `to`,
 * read from the outbox `scripts/check-accessibility` points at; waits for
 * the worker to write it. */
// Links already followed: each works once, so someone signing in again
// needs the newer one.
const followed = new Set();

async function linkFromOutbox(to, path) {
  const outbox = process.env.HEARTH_OUTBOX;
  const pattern = new RegExp(`(http\\S*${path}[\\w-]+)`);
  for (let tries = 0; tries < 100; tries += 1) {
    for (const name of readdirSync(outbox).filter((f) => f.endsWith(".txt"))) {
      const text = readFileSync(join(outbox, name), "utf8");
      const link = text.match(pattern);
      if (text.includes(`To: ${to}`) && link && !followed.has(link[1])) {
        followed.add(link[1]);
        return link[1];
      }
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`no ${path} link for ${to}`);
}

/** A fresh browser session, signed in as `email` with the link Hearth
 * emails. */
async function signInByLink(email) {
  await page.context().close();
  page = await browser.newPage({ bypassCSP: true });
  await visit("/sign-in");
  await page.fill("#email", email);
  await press("Email me a link");
  await page.goto(await linkFromOutbox(email, "/sign-in/link/"));
  await press("Sign in");
}

// A household that sent its application books preparation training.
await signInByLink("household6.north-east@example.org");
await visit("/application/training");
await check("preparation training", ".govuk-summary-card");

// A referee asked for a reference by a household that sent its application.
await page.goto(await linkFromOutbox("helen.household6.north-east@example.org", "/references/"));
await check("a reference form", "#how_known");
await press("Send your reference");
await check("a reference form, with errors", ".govuk-error-summary");

// A household invited to apply: the task list, a section with and without
// errors, and checking the answers.
await signInByLink("household7.north-east@example.org");
await visit("/application");
await check("the application's task list", ".govuk-task-list");
await visit("/application/section/your_home");
await check("an application section", "#home_type");
await press("Save and continue");
await check("an application section, with errors", ".govuk-error-summary");
await visit("/application/section/referees");
await check("a section listing people", "#full_name");
await press("Add this referee");
await check("a section listing people, with errors", ".govuk-error-summary");
await visit("/application/check-answers");
await check("check your answers", "main h1");
await visit("/application/messages");
await press("Send message");
await check("messages, with errors", ".govuk-error-summary");

await visit("/application/documents");
await check("your documents", "#file");
await press("Upload document");
await check("your documents, with errors", ".govuk-error-summary");
await visit("/application/joint");
await check("add a joint applicant", "#email");
await press("Invite joint applicant");
await check("add a joint applicant, with errors", ".govuk-error-summary");

// An applicant the decision maker proposes not to approve responds.
await signInByLink("applicant6.north-east@example.org");
await visit("/account");
await check("your account, with a decision", "main h1");
await visit("/application/decision");
await check("the decision on an application", "#response");
await press("Continue");
await check("the decision on an application, with errors", ".govuk-error-summary");
await page.check("#response-independent_review");
await press("Continue");
await check("check your response", "form[action='/application/decision/change']");

// The panel: its dates, a booked household, a recommended one, and a
// connected person's temporary approval.
await signInAs("panel-administrator.north-east@example.org");
await visit("/panels");
await check("fostering panel dates", "#sits_on");
await press("Add panel date");
await check("fostering panel dates, with errors", ".govuk-error-summary");
await visit("/panels");
await page.getByRole("link", { name: "Beth and Tom Carr" }).click();
await page.waitForLoadState("load");
await check("a household's panel, to recommend", "#recommendation");
await signInAs("agency-decision-maker.north-east@example.org");
await visit("/panels");
await page.getByRole("link", { name: "Julie Watson" }).click();
await page.waitForLoadState("load");
await check("a household's panel, to decide", "#outcome");
await press("Record decision");
await check("a household's panel, with errors", ".govuk-error-summary");
await signInAs("assessing-social-worker.north-east@example.org");
await visit("/connected-persons/new");
await check("record a connected person", "#child_initials");
await press("Record connected person");
await check("record a connected person, with errors", ".govuk-error-summary");
await visit("/panels");
await page.getByRole("link", { name: "Beth and Tom Carr" }).click();
await page.waitForLoadState("load");
await page.getByRole("link", { name: "Documents" }).click();
await page.waitForLoadState("load");
await check("a household's documents", "#attached_to");
await press("Upload document");
await check("a household's documents, with errors", ".govuk-error-summary");

// A recruitment manager: the service's profile, settings and reasons.
await signInAs("recruitment-manager.north-east@example.org");
await visit("/enquiries");
await page.getByRole("link", { name: "Profile, settings and closure reasons" }).click();
await page.waitForLoadState("load");
await check("profile and settings", "#about");
await page.fill("#website", "not a website");
await press("Save profile and settings");
await check("profile and settings, with errors", ".govuk-error-summary");

// A child's social worker: recording a known and trusted adult.
await signInAs("childs-social-worker.north-east@example.org");
await visit("/known-adults");
await check("record a known adult", "#child_initials");
await press("Record adult");
await check("record a known adult, with errors", ".govuk-error-summary");

// A national administrator: bank holidays and an organisation's access log.
await signInAs("administrator.national@example.org");
await visit("/admin/bank-holidays");
await check("bank holidays", "table");
await press("Save bank holiday");
await check("bank holidays, with errors", ".govuk-error-summary");
await visit("/admin");
await page.locator("table a").first().click();
await page.waitForLoadState("load");
await page.getByRole("link", { name: "Who looked at records" }).click();
await page.waitForLoadState("load");
await check("who looked at records", "main h1");
// A person, as the national programme sees them: it may lock the account.
await visit("/admin");
const northEast = page.getByRole("link", { name: /North East Care Cooperative/ });
while ((await northEast.count()) === 0) {
  await page.getByRole("link", { name: /Next/ }).click();
  await page.waitForLoadState("load");
}
await check("organisations you administer, a page of them", "table");
await northEast.first().click();
await page.waitForLoadState("load");
await page.locator("table a").first().click();
await page.waitForLoadState("load");
await check("a member of staff, for the national programme", "#reason");
await press("Lock account");
await check("a member of staff, with errors", ".govuk-error-summary");

// An invitation to a role, waiting on the account page and at its link.
await signInAs("liaison-worker.south-london@example.org");
await visit("/account");
await check("your account, with an invitation to a role", "form[action$='/accept']");
await page.goto(await linkFromOutbox("liaison-worker.south-london@example.org", "/invitation/"));
await check("an invitation to a role", "form[action$='/accept']");

// A recruitment manager's own API tokens, from their account page.
await signInAs("recruitment-manager.north-east@example.org");
await visit("/account");
await page.getByRole("link", { name: /API tokens for/ }).first().click();
await page.waitForLoadState("load");
await check("API tokens, for a recruitment manager", "#name");

// Every demo role's landing page, and the work lists of those who have them.
const roles = [
  "administrator.national",
  "administrator.north-east",
  "recruitment-officer.north-east",
  "recruitment-manager.north-east",
  "assessing-social-worker.north-east",
  "childs-social-worker.north-east",
  "panel-administrator.north-east",
  "agency-decision-maker.north-east",
  "liaison-worker.north-east",
  "supervising-social-worker.north-east",
  "fostering-team-manager.north-east",
  "foster-carer.north-east",
  "peer-supporter.north-east",
  "kinship-group-facilitator.north-east",
  "safeguarding-lead.north-east",
  "administrator.charity",
  "kinship-group-facilitator.charity",
  "safeguarding-lead.charity",
  "peer-support-coordinator.north-east",
];
for (const who of roles) {
  await signInAs(`${who}@example.org`);
  await check(`where ${who} lands`, "main h1");
}
// Carer households: a manager's list of the service's, and a supervising
// social worker's own, none given yet.
await signInAs("fostering-team-manager.north-east@example.org");
await visit("/carers");
await check("carer households, for a fostering team manager", "table");
await page.getByRole("link", { name: /^Give a worker/ }).first().click();
await page.waitForLoadState("load");
await check("giving a supervising social worker", "#supervising_social_worker");
await press("Save");
await check("giving a supervising social worker, with its error", ".govuk-error-summary");
// A carer household's record, its annual review and its leaving, each form
// with its errors; the service's leaving reasons; households that left.
await visit("/carers");
await page.locator("table a.govuk-link").first().click();
await page.waitForLoadState("load");
await check("a carer household's record", "main h1");
await page.getByRole("link", { name: "Record a review" }).click();
await page.waitForLoadState("load");
await check("recording an annual review", "#reviewed_on");
await press("Record review");
await check("recording an annual review, with its errors", ".govuk-error-summary");
await page.getByRole("link", { name: /^Back to/ }).click();
await page.waitForLoadState("load");
await page.getByRole("link", { name: "Record a child coming to live with them" }).click();
await page.waitForLoadState("load");
await check("placing a child", "#first_name");
await press("Record placement");
await check("placing a child, with its errors", ".govuk-error-summary");
await page.getByRole("link", { name: /^Back to/ }).click();
await page.waitForLoadState("load");
await page.getByRole("link", { name: /^End placement/ }).first().click();
await page.waitForLoadState("load");
await check("ending a placement", "#ended_on");
await press("End placement");
await check("ending a placement, with its errors", ".govuk-error-summary");
await page.getByRole("link", { name: /^Back to/ }).click();
await page.waitForLoadState("load");
await page.getByRole("link", { name: "Record an exemption from the terms" }).click();
await page.waitForLoadState("load");
await check("an exemption from the terms", "#authorised_by");
await press("Record exemption");
await check("an exemption from the terms, with its errors", ".govuk-error-summary");
await page.getByRole("link", { name: /^Back to/ }).click();
await page.waitForLoadState("load");
await page.getByRole("link", { name: "Record that the household left" }).click();
await page.waitForLoadState("load");
await check("recording that a household left", "#left_on");
await press("Record leaving");
await check("recording that a household left, with its errors", ".govuk-error-summary");
await visit("/carers");
await page.getByRole("link", { name: /^Reasons a household leaves/ }).first().click();
await page.waitForLoadState("load");
await check("the reasons a household leaves", "main h1");
await press("Add reason");
await check("the reasons a household leaves, with its error", ".govuk-error-summary");
await visit("/carers");
await page.getByRole("link", { name: /^Day-to-day decisions carers take/ }).first().click();
await page.waitForLoadState("load");
await check("the day-to-day decisions carers take", "main h1");
await press("Add decision");
await check("the day-to-day decisions carers take, with its errors", ".govuk-error-summary");
await visit("/carers?left=yes");
await check("carer households that left", "main h1");
await visit("/children");
await check("children, for a fostering team manager", "main h1");
await signInAs("supervising-social-worker.north-east@example.org");
await visit("/carers");
await check("carer households, for a supervising social worker", "table");
await visit("/children");
await check("children, for a supervising social worker", "table");
await page.locator("table a.govuk-link").first().click();
await page.waitForLoadState("load");
await check("a child's record", "main h1");
// Delegated authority, for the supervising social worker: the exceptions,
// one decision's form with its errors, and what the carers see.
await page.getByRole("link", { name: "Delegated authority and its exceptions" }).click();
await page.waitForLoadState("load");
await check("a child's delegated authority", "main h1");
await page.getByRole("link", { name: /^Change/ }).first().click();
await page.waitForLoadState("load");
await check("who decides one decision", "#holder");
await press("Save");
await check("who decides one decision, with its errors", ".govuk-error-summary");
await page.getByRole("link", { name: /^Back to/ }).click();
await page.waitForLoadState("load");
await page.getByRole("link", { name: /Can I say yes\?/ }).click();
await page.waitForLoadState("load");
await check("Can I say yes?, for staff", "main h1");
// A foster carer's own household, their child's "Can I say yes?" (searched,
// and the young person's version) and the decisions they log.
await signInAs("foster-carer.north-east@example.org");
await visit("/my-household");
await check("a foster carer's household", "main h1");
await page.getByRole("link", { name: /can I say yes\?/ }).first().click();
await page.waitForLoadState("load");
await check("Can I say yes?, for the carer", "main h1");
await page.getByRole("link", { name: /young person's version/ }).click();
await page.waitForLoadState("load");
await check("the young person's version", "main h1");
await page.goBack();
await page.waitForLoadState("load");
await page.getByRole("link", { name: "Log a decision you took" }).click();
await page.waitForLoadState("load");
await check("the decisions a carer took", "#decision");
await press("Log decision");
await check("logging a decision, with its errors", ".govuk-error-summary");
await signInAs("childs-social-worker.north-east@example.org");
await visit("/children");
await check("children, for a child's social worker", "table");
// Kinship care, for anyone: the page, what an arrangement brings, and the
// support form's errors.
await page.context().close();
page = await browser.newPage({ bypassCSP: true });
await visit("/kinship");
await check("kinship care", "main h1");
await visit("/kinship/support?arrangement=special_guardianship_order&postcode=TS24");
await check("what support a kinship carer can get", ".govuk-inset-text");
await visit("/kinship/support?arrangement=&postcode=nowhere");
await check("what support a kinship carer can get, with its errors", ".govuk-error-summary");
// Kinship groups, for anyone: finding one near a postcode (and the
// finder's error), a group's page, registering (and its errors).
await visit("/kinship/groups");
await check("finding a kinship group", "#near");
await visit("/kinship/groups?near=TS24&miles=25&children=yes");
await check("kinship groups near a postcode", "main h2");
await visit("/kinship/groups?near=nowhere");
await check("finding a kinship group, with its error", ".govuk-error-summary");
await visit("/kinship/groups?near=TS24&miles=25");
await page.getByRole("link", { name: "Hartlepool kinship carers' group", exact: true }).click();
await page.waitForLoadState("load");
await check("a kinship group, for anyone", "main h1");
await visit("/kinship/register");
await check("registering as a kinship carer", "#name");
await press("Register");
await check("registering as a kinship carer, with its errors", ".govuk-error-summary");
await visit("/kinship/registered");
await check("a kinship carer told to check their email", "main h1");
// A kinship carer: their account, their groups, a group they belong to,
// and raising a worry (with its error).
await signInByLink("kinship-carer.north-east@example.org");
await check("where a kinship carer lands", "main h1");
await visit("/kinship/my-groups");
await check("a kinship carer's groups", "main h1");
await page.getByRole("link", { name: "Hartlepool kinship carers' group", exact: true }).click();
await page.waitForLoadState("load");
await check("a kinship group, for a member", "main h1");
await page.getByRole("link", { name: "I'm worried about a child" }).click();
await page.waitForLoadState("load");
await check("raising a worry about a child", "#what");
await press("Send to the safeguarding lead");
await check("raising a worry about a child, with its error", ".govuk-error-summary");
// A facilitator: their groups, one of them, its members and requests, its
// sessions (publishing, with errors), who came, and its details.
await signInAs("kinship-group-facilitator.north-east@example.org");
await visit("/kinship/facilitate");
await check("kinship groups, for a facilitator", "table");
await page.getByRole("link", { name: "Hartlepool kinship carers' group", exact: true }).click();
await page.waitForLoadState("load");
await check("a kinship group, for its facilitator", "main h1");
await page.getByRole("link", { name: "Members and requests to join" }).click();
await page.waitForLoadState("load");
await check("a kinship group's members and requests", "main h1");
await page.getByRole("link", { name: /^Back to/ }).click();
await page.waitForLoadState("load");
await page.getByRole("link", { name: "Add sessions or a workshop" }).click();
await page.waitForLoadState("load");
await check("adding kinship sessions", "#kind");
await press("Publish");
await check("adding kinship sessions, with its errors", ".govuk-error-summary");
await page.getByRole("link", { name: /^Back to/ }).click();
await page.waitForLoadState("load");
await page.getByRole("link", { name: "Record who came" }).click();
await page.waitForLoadState("load");
await check("a kinship group's past sessions", "main h1");
await page.locator("main ul a").first().click();
await page.waitForLoadState("load");
await check("a kinship session's places and who came", "main h1");
await page.getByRole("link", { name: /^Back to/ }).click();
await page.waitForLoadState("load");
await page.getByRole("link", { name: "Change the group's details" }).click();
await page.waitForLoadState("load");
await check("changing a kinship group", "#name");
await page.fill("#name", "");
await press("Save changes");
await check("changing a kinship group, with its errors", ".govuk-error-summary");
await visit("/kinship/groups/new");
await check("setting up a kinship group", "#name");
await press("Set up the group");
await check("setting up a kinship group, with its errors", ".govuk-error-summary");
// A safeguarding lead: the concerns that went to them, one of them, and
// closing it without saying what was done.
await signInAs("safeguarding-lead.north-east@example.org");
await visit("/concerns");
await check("concerns about children, for a safeguarding lead", "main h1");
await page.locator("main ul a").first().click();
await page.waitForLoadState("load");
await check("a concern about a child", "main h1");
await press("Close the concern");
await check("closing a concern, with its error", ".govuk-error-summary");
// Peer support: a supporter's profile and weekly times (with the forms'
// errors), and their coordinator's list.
await signInAs("peer-supporter.north-east@example.org");
await visit("/peer-support");
await check("a peer supporter's profile and times", "main h1");
await page.getByText("Add a weekly time").click();
await press("Add time");
await check("adding a weekly time, with its error", ".govuk-error-summary");
await page.getByRole("link", { name: /^Change your profile/ }).click();
await page.waitForLoadState("load");
await check("a peer supporter's profile form", "#years_fostering");
await page.fill("#years_fostering", "");
await press("Save profile");
await check("a peer supporter's profile form, with its errors", ".govuk-error-summary");
// An applicant asks for a peer supporter; the coordinator sees them
// waiting, with suggestions, and every supporter.
await signInByLink("household7.north-east@example.org");
await visit("/account");
await check("an applicant's account, offering a peer supporter", "#languages");
await press("Ask for a peer supporter");
await check("an applicant's account, waiting for a peer supporter", ".govuk-inset-text");
await signInAs("peer-support-coordinator.north-east@example.org");
await visit("/peer-support/waiting");
await check("people waiting for a peer supporter", ".govuk-summary-card");
await visit("/peer-support/supporters");
await check("peer supporters, for their coordinator", ".govuk-summary-card");
await visit("/peer-support/waiting");
await page.getByRole("link", { name: /^Peer support settings/ }).first().click();
await page.waitForLoadState("load");
await check("peer support settings", "#change_notice_hours");
await page.fill("#change_notice_hours", "a week");
await press("Save the settings");
await check("peer support settings, with its error", ".govuk-error-summary");
// A matched applicant: their meetings, booking one (with its error) and
// moving one (with its error); their supporter's side of it.
await signInByLink("household6.north-east@example.org");
await visit("/account");
await page.getByRole("link", { name: /^Your meetings with/ }).click();
await page.waitForLoadState("load");
await check("meetings with a peer supporter", "input[name=starts_at]");
await press("Book the meeting");
await check("booking a peer support meeting, with its error", ".govuk-error-summary");
await page.getByRole("link", { name: /^Move/ }).first().click();
await page.waitForLoadState("load");
await check("moving a peer support meeting", "input[name=starts_at]");
await press("Move the meeting");
await check("moving a peer support meeting, with its error", ".govuk-error-summary");
await signInAs("peer-supporter.north-east@example.org");
await visit("/peer-support");
await page.locator("main ul a[href^='/peer-support/relationships/']").first().click();
await page.waitForLoadState("load");
await check("a peer supporter's meetings with someone they support", "main h1");
await page.getByRole("link", { name: "Log a meeting you had" }).click();
await page.waitForLoadState("load");
await check("logging a peer support meeting", "#minutes");
await press("Log the meeting");
await check("logging a peer support meeting, with its errors", ".govuk-error-summary");
await page.getByRole("link", { name: "Back" }).click();
await page.waitForLoadState("load");
await page.getByRole("link", { name: "I'm worried" }).click();
await page.waitForLoadState("load");
await check("I'm worried, in peer support", "#what");
await press("Send");
await check("I'm worried, in peer support, with its error", ".govuk-error-summary");
await signInAs("peer-support-coordinator.north-east@example.org");
await visit("/peer-support/relationships");
await check("peer support relationships, hours and feedback", "table");
// An administrator: the organisation's kinship groups in numbers.
await signInAs("administrator.charity@example.org");
await visit("/kinship/figures");
await check("kinship groups in numbers", "table");
// Mockingbird constellations. The manager: the list, a constellation, its
// settings, a family joining and leaving, setting one up, the calendar.
await signInAs("fostering-team-manager.north-east@example.org");
await visit("/constellations");
await check("constellations, for a fostering team manager", "table");
await page.getByRole("link", { name: "Riverside constellation" }).click();
await page.waitForLoadState("load");
await check("a constellation, for its manager", "main h1");
await page.getByRole("link", { name: "Change the settings and liaison workers" }).click();
await page.waitForLoadState("load");
await check("a constellation's settings", "#name");
await page.fill("#name", "");
await press("Save settings");
await check("a constellation's settings, with its errors", ".govuk-error-summary");
await page.getByRole("link", { name: /^Back/ }).click();
await page.waitForLoadState("load");
await page.getByRole("link", { name: "Add a family" }).click();
await page.waitForLoadState("load");
await check("a family joining a constellation", "#carer_household");
await press("Add family");
await check("a family joining a constellation, with its errors", ".govuk-error-summary");
await page.getByRole("link", { name: /^Back to/ }).click();
await page.waitForLoadState("load");
await page.getByRole("link", { name: /^Record leaving/ }).first().click();
await page.waitForLoadState("load");
await check("a family leaving a constellation", "#left_on");
await press("Record leaving");
await check("a family leaving a constellation, with its errors", ".govuk-error-summary");
await page.getByRole("link", { name: /^Back to/ }).click();
await page.waitForLoadState("load");
await page.getByRole("link", { name: "The hub's beds for the next 8 weeks" }).click();
await page.waitForLoadState("load");
await check("a constellation's calendar", "table");
await visit("/constellations");
await page.getByRole("link", { name: /^Set up a constellation/ }).first().click();
await page.waitForLoadState("load");
await check("setting up a constellation", "#name");
await press("Set up constellation");
await check("setting up a constellation, with its errors", ".govuk-error-summary");
// The liaison worker: their constellations, one with its sleepovers, a
// sleepover, and a check-in with its errors.
await signInAs("liaison-worker.north-east@example.org");
await visit("/constellations");
await check("constellations, for a liaison worker", "table");
await page.getByRole("link", { name: "Riverside constellation" }).click();
await page.waitForLoadState("load");
await check("a constellation, for its liaison worker", "main h1");
await page.getByRole("link", { name: "Record a check-in with a family" }).click();
await page.waitForLoadState("load");
await check("recording a check-in", "#carer_household");
await press("Record check-in");
await check("recording a check-in, with its errors", ".govuk-error-summary");
await page.getByRole("link", { name: /^Back to/ }).click();
await page.waitForLoadState("load");
await page.locator("table a[href^='/sleepovers/']").first().click();
await page.waitForLoadState("load");
await check("a sleepover, for its liaison worker", "main h1");
await visit("/constellations/figures");
await check("constellations' figures, for a liaison worker", "table");
await visit("/constellations/figures?from=31&from-month=2&from-year=2026&to=1&to-month=1&to-year=2026");
await check("constellations' figures, with its errors", ".govuk-error-summary");
// The hub carer: their constellation, a request to answer (declining it
// without a reason), and the nights they are unavailable.
await signInByLink("carer5.north-east@example.org");
await visit("/my-household");
await check("a hub carer's household", "main h1");
await page.getByRole("link", { name: "Riverside constellation" }).click();
await page.waitForLoadState("load");
await check("a constellation, for its hub carer", "main h1");
await page.locator("tr", { hasText: "Waiting for the hub's answer" }).locator("a").first().click();
await page.waitForLoadState("load");
await check("a request, for the hub", "main h1");
await press("Decline");
await check("declining a request, with its error", ".govuk-error-summary");
await page.getByRole("link", { name: /^Back to/ }).click();
await page.waitForLoadState("load");
await page.getByRole("link", { name: "Nights the hub is unavailable" }).click();
await page.waitForLoadState("load");
await check("the nights the hub is unavailable", "#first_night");
await press("Save");
await check("the nights the hub is unavailable, with its errors", ".govuk-error-summary");
await page.getByRole("link", { name: /^Back to/ }).click();
await page.waitForLoadState("load");
await page.getByRole("link", { name: "Publish a meeting, activity or trip" }).click();
await page.waitForLoadState("load");
await check("publishing a meeting", "#kind");
await press("Publish");
await check("publishing a meeting, with its errors", ".govuk-error-summary");
await page.getByRole("link", { name: /^Back to/ }).click();
await page.waitForLoadState("load");
await page.getByRole("link", { name: "November get-together" }).click();
await page.waitForLoadState("load");
await check("a past get-together, recording who came", "main h1");
// A satellite family: their constellation, asking for a sleepover, and
// the other nights the hub proposed.
await signInAs("foster-carer.north-east@example.org");
await visit("/my-household");
await page.getByRole("link", { name: "Riverside constellation" }).click();
await page.waitForLoadState("load");
await check("a constellation, for a satellite family", "main h1");
await page.getByRole("link", { name: "Ask for a sleepover or short break" }).click();
await page.waitForLoadState("load");
await check("asking for a sleepover", "#children");
await press("Send request");
await check("asking for a sleepover, with its errors", ".govuk-error-summary");
await page.getByRole("link", { name: /^Back to/ }).click();
await page.waitForLoadState("load");
await page.locator("tr", { hasText: "The hub proposed other nights" }).locator("a").first().click();
await page.waitForLoadState("load");
await check("other nights proposed, for the family", "main h1");
await page.getByRole("link", { name: /^Back to/ }).click();
await page.waitForLoadState("load");
await page.getByRole("link", { name: "December get-together" }).click();
await page.waitForLoadState("load");
await check("a get-together, for a family to answer", "#coming");
// Bringing carer households to Hearth: the administrators' upload page, and
// its error when no file is chosen.
await signInAs("administrator.north-east@example.org");
await visit("/admin");
await page.getByRole("link", { name: /North East Care Cooperative/ }).first().click();
await page.waitForLoadState("load");
await page.getByRole("link", { name: "Bring your carer households to Hearth" }).click();
await page.waitForLoadState("load");
await check("bringing carer households to Hearth", "#file");
await press("Check the file");
await check("bringing carer households to Hearth, with its error", ".govuk-error-summary");
await signInAs("recruitment-manager.north-east@example.org");
await visit("/work");
await check("work lists");
for (const list of ["enquiries", "applications", "assessments"]) {
  await visit(`/work/${list}`);
  await check(`the ${list} work list`, "table");
}
// Reports: each with data, broken down, with none in its range, and with
// the form's errors.
for (const report of ["/reports", "/reports/time", "/reports/reasons", "/reports/trend", "/reports/annual-counts", "/reports/equality", "/reports/homes-needed"]) {
  await visit(`${report}?range=all_time`);
  await check(`the report ${report}`, "table");
}
await visit("/reports/households?range=all_time&reached=application_submitted");
await check("the households behind a figure", "table");
await visit("/reports/targets");
await check("targets", "#targets-caption");
await page.getByRole("link", { name: /^Set target/ }).first().click();
await page.waitForLoadState("load");
await check("setting a target", "#approvals");
await page.fill("#approvals", "many");
await press("Save target");
await check("setting a target, with errors", ".govuk-error-summary");
await visit("/reports/publishing");
await check("publishing figures", "#publishing-caption");
await Promise.all([
  page.waitForLoadState("load"),
  page.getByRole("button", { name: /^Stop publishing/ }).first().click(),
]);
await check("publishing figures, stopped", ".govuk-notification-banner");
await Promise.all([
  page.waitForLoadState("load"),
  page.getByRole("button", { name: /^Publish/ }).first().click(),
]);
await visit("/statistics");
await check("the public fostering statistics", "#services-caption");
await visit("/reports?range=all_time&breakdown=local_authority");
await check("the funnel by local authority", "#breakdown-caption");
await visit("/reports?range=between&from=1&from-month=1&from-year=2001&to=31&to-month=1&to-year=2001");
await check("the funnel with nothing in its range", "#cohort-caption");
await visit("/reports?range=between&from=31&from-month=2&from-year=2026&to=1&to-month=1&to-year=2026");
await check("the report form, with errors", ".govuk-error-summary");
await signInAs("assessing-social-worker.north-east@example.org");
await visit("/work/assessments?part=unassigned");
await check("assessments given to nobody", "table");
await signInAs("panel-administrator.north-east@example.org");
await visit("/work/panel?part=booked");
await check("households booked for panel", "table");
await signInAs("agency-decision-maker.north-east@example.org");
await visit("/work/decisions");
await check("decisions waiting", "table");
// The session timeout warning, as it opens two minutes before the end.
await page.evaluate(() => document.getElementById("hearth-timeout-dialog").showModal());
await check("the session timeout warning", "#hearth-timeout-dialog[open]");

await browser.close();
console.log(`\n${checked} pages checked against WCAG 2.2 A and AA, ${failures.length} with violations`);
process.exit(failures.length === 0 ? 0 : 1);
