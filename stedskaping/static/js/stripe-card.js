// Saves a card with Stripe.js (SetupIntent) or finishes a payment that needs the
// backer (PaymentIntent), then submits the form so the server can check with Stripe.
(function () {
  "use strict";

  function show(error) {
    var box = document.getElementById("card-errors");
    if (box) { box.textContent = (error && error.message) || String(error); }
  }

  var cardForm = document.getElementById("card-form");
  if (cardForm) {
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

  var payForm = document.getElementById("pay-form");
  if (payForm) {
    var payStripe = Stripe(payForm.dataset.publishableKey);
    payForm.addEventListener("submit", function (event) {
      event.preventDefault();
      payStripe.confirmCardPayment(payForm.dataset.clientSecret).then(function (result) {
        if (result.error) { show(result.error); return; }
        payForm.submit();
      });
    });
  }
})();
