// Saves a card with Stripe.js (SetupIntent) or finishes a payment that needs the
// backer (PaymentIntent), then submits the form; the server records it and its job
// checks with Stripe. The page never waits for Stripe in a request: it polls our own
// state endpoint until the job has made the intent (the button is enabled then) or
// has checked the confirmation (the page is loaded again, and moves on).
(function () {
  "use strict";

  var POLL_MS = 500, GIVE_UP_MS = 120000;

  function show(error) {
    var box = document.getElementById("card-errors");
    if (box) { box.textContent = (error && error.message) || String(error); }
  }

  function progress(text) {
    var box = document.getElementById("card-progress");
    if (box) { box.textContent = text; }
  }

  // Ask our server until the pledge has moved on, or (while not checking) until the
  // intent's client secret is there.
  function poll(form, onSecret) {
    var started = Date.now();
    function ask() {
      if (Date.now() - started > GIVE_UP_MS) { progress(form.dataset.slow); return; }
      fetch(form.dataset.stateUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) {
          if (!state) { window.setTimeout(ask, POLL_MS * 4); return; }
          var checking = form.dataset.checking === "yes";
          if (state.status !== form.dataset.waitingFor || (checking && !state.checking)) {
            window.location.assign(form.dataset.pageUrl);  // the server says what happened
          } else if (!checking && state.client_secret) {
            onSecret(state.client_secret);
          } else {
            window.setTimeout(ask, POLL_MS);
          }
        })
        .catch(function () { window.setTimeout(ask, POLL_MS * 4); });
    }
    ask();
  }

  function ready(form, onSecret) {
    if (form.dataset.checking === "yes" || !form.dataset.clientSecret) {
      poll(form, function (secret) {
        form.dataset.clientSecret = secret;
        progress("");
        onSecret();
      });
    } else {
      onSecret();
    }
  }

  function enable() {
    var button = document.getElementById("card-submit");
    if (button) { button.disabled = false; }
  }

  var cardForm = document.getElementById("card-form");
  if (cardForm && cardForm.dataset.checking !== "yes") {
    var stripe = Stripe(cardForm.dataset.publishableKey);
    var card = stripe.elements().create("card");
    card.mount("#card-element");
    cardForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = document.getElementById("card-submit");
      button.disabled = true;
      stripe.confirmCardSetup(cardForm.dataset.clientSecret, {payment_method: {card: card}})
        .then(function (result) {
          if (result.error) { show(result.error); button.disabled = false; return; }
          document.getElementById("setup-intent").value = result.setupIntent.id;
          cardForm.submit();
        });
    });
  }
  if (cardForm) { ready(cardForm, enable); }

  var payForm = document.getElementById("pay-form");
  if (payForm && payForm.dataset.checking !== "yes") {
    var payStripe = Stripe(payForm.dataset.publishableKey);
    payForm.addEventListener("submit", function (event) {
      event.preventDefault();
      payStripe.confirmCardPayment(payForm.dataset.clientSecret).then(function (result) {
        if (result.error) { show(result.error); return; }
        payForm.submit();
      });
    });
  }
  if (payForm) { ready(payForm, enable); }
})();
