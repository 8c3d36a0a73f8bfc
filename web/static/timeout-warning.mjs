// The session timeout warning, the pattern HMRC and GOV.UK services use
// (GOV.UK Frontend has no component for it). A signed-in page carries a
// notice saying when an idle session ends; without JavaScript that notice
// is all there is. With it, the notice gives way to a dialog shown two
// minutes before the end, offering "Stay signed in"; once the session has
// ended the dialog says so, links to sign in again in a new tab and closes,
// leaving this page, and whatever was typed on it, as it was. Before it
// warns or says the session ended, it asks Hearth how long is really left
// (`/session/time-left`, which does not count as activity): a session kept
// alive in another tab is not warned about, and one ending sooner at its
// absolute limit is.

function minutes(ms) {
  const whole = Math.max(1, Math.ceil(ms / 60000));
  return whole === 1 ? "1 minute" : `${whole} minutes`;
}

async function secondsLeft() {
  try {
    const answer = await fetch("/session/time-left", {
      credentials: "same-origin",
      cache: "no-store",
    });
    if (!answer.ok) return null;
    return (await answer.json()).seconds;
  } catch {
    return null;
  }
}

export function startTimeoutWarning(root = document) {
  const notice = root.querySelector("[data-hearth-timeout]");
  const dialog = root.getElementById("hearth-timeout-dialog");
  if (!notice || !dialog || typeof dialog.showModal !== "function") {
    return;
  }
  const idle = Number(notice.dataset.idleSeconds) * 1000;
  const warnBefore = Number(notice.dataset.warnSeconds) * 1000;
  const token = notice.dataset.csrfToken;
  const left = dialog.querySelector("[data-hearth-timeout-left]");
  const stay = dialog.querySelector("[data-hearth-timeout-stay]");
  const close = dialog.querySelector("[data-hearth-timeout-close]");
  const before = dialog.querySelector("[data-hearth-timeout-before]");
  const after = dialog.querySelector("[data-hearth-timeout-after]");
  notice.hidden = true;
  // The page's own estimate until Hearth is asked; a minute early, as
  // Hearth notes activity at most once a minute.
  let endsAt = Date.now() + idle - 60000;
  let askedAt = 0;
  let asking = false;
  let ended = false;
  let shownMinutes = "";

  const showEnded = () => {
    ended = true;
    before.hidden = true;
    after.hidden = false;
    dialog.setAttribute("aria-labelledby", "hearth-timeout-ended-title");
    dialog.setAttribute("aria-describedby", "hearth-timeout-ended-description");
    if (!dialog.open) dialog.showModal();
    close.focus();
  };
  const showWarning = (remaining) => {
    // The live text changes only when the minute does, not every second.
    const text = minutes(remaining);
    if (text !== shownMinutes) {
      left.textContent = text;
      shownMinutes = text;
    }
    if (!dialog.open) {
      before.hidden = false;
      after.hidden = true;
      dialog.showModal();
    }
  };
  const tick = async () => {
    if (ended || asking) return;
    let remaining = endsAt - Date.now();
    if (remaining > warnBefore) return;
    // In the last minutes: ask Hearth, at most every 20 seconds and at
    // the end, how long is really left.
    if (Date.now() - askedAt > 20000 || remaining <= 0) {
      asking = true;
      const seconds = await secondsLeft();
      asking = false;
      askedAt = Date.now();
      if (seconds !== null) {
        endsAt = Date.now() + seconds * 1000;
        remaining = endsAt - Date.now();
      }
    }
    if (remaining <= 0) {
      showEnded();
    } else if (remaining > warnBefore) {
      if (dialog.open) dialog.close();
    } else {
      showWarning(remaining);
    }
  };
  setInterval(tick, 1000);

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
        endsAt = Date.now() + idle - 60000;
        dialog.close();
        return;
      }
    } catch {
      // Offline: say the session may have ended rather than pretend.
    }
    showEnded();
  });
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("cancel", (event) => {
    // Escape means "I'm here" while the session lasts; once it has ended
    // it just closes the dialog, leaving the page as it was.
    if (!ended) {
      event.preventDefault();
      stay.click();
    }
  });
}
