// The session timeout warning, the pattern HMRC and GOV.UK services use
// (GOV.UK Frontend has no component for it). A signed-in page carries a
// notice saying when an idle session ends; without JavaScript that notice
// is all there is. With it, the notice gives way to a dialog shown two
// minutes before the end, offering "Stay signed in"; once the session has
// ended the dialog says so and links to sign in again in a new tab, leaving
// this page, and whatever was typed on it, as it was.

function minutes(ms) {
  const whole = Math.max(1, Math.ceil(ms / 60000));
  return whole === 1 ? "1 minute" : `${whole} minutes`;
}

export function startTimeoutWarning(root = document) {
  const notice = root.querySelector("[data-hearth-timeout]");
  const dialog = root.getElementById("hearth-timeout-dialog");
  if (!notice || !dialog || typeof dialog.showModal !== "function") {
    return;
  }
  // Hearth notes a session's activity at most once a minute: count from a
  // minute earlier, so the warning never comes after the end.
  const idle = (Number(notice.dataset.idleSeconds) - 60) * 1000;
  const warnBefore = Number(notice.dataset.warnSeconds) * 1000;
  const token = notice.dataset.csrfToken;
  const left = dialog.querySelector("[data-hearth-timeout-left]");
  const stay = dialog.querySelector("[data-hearth-timeout-stay]");
  const before = dialog.querySelector("[data-hearth-timeout-before]");
  const after = dialog.querySelector("[data-hearth-timeout-after]");
  notice.hidden = true;
  let endsAt = Date.now() + idle;
  let ticker;

  const ended = () => {
    clearInterval(ticker);
    before.hidden = true;
    after.hidden = false;
    if (!dialog.open) {
      dialog.showModal();
    }
  };
  const tick = () => {
    const remaining = endsAt - Date.now();
    if (remaining <= 0) {
      ended();
      return;
    }
    if (remaining <= warnBefore) {
      left.textContent = minutes(remaining);
      if (!dialog.open) {
        before.hidden = false;
        after.hidden = true;
        dialog.showModal();
      }
    }
  };
  ticker = setInterval(tick, 1000);

  stay.addEventListener("click", async () => {
    const body = new URLSearchParams({ csrf_token: token });
    try {
      const answer = await fetch("/session/stay-signed-in", {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      });
      if (answer.status === 204) {
        endsAt = Date.now() + idle;
        dialog.close();
        return;
      }
    } catch {
      // Offline: say the session may have ended rather than pretend.
    }
    ended();
  });
  dialog.addEventListener("cancel", (event) => {
    // Escape stays signed in, as closing the warning means "I'm here".
    event.preventDefault();
    stay.click();
  });
}
