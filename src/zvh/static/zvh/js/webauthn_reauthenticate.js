// Re-authentication with a security key or passkey (zvh.common.reauthentication): when the form
// is sent without the key's answer, ask the browser for it (the challenge of this page is in
// #webauthn-request-options), put it in the hidden field and send the form. Needs
// two_factor/js/webauthn_utils.js (b64str2ab, ab2str) first.
(function () {
  "use strict";
  var options = document.getElementById("webauthn-request-options");
  var field = document.querySelector("[data-webauthn-answer]");
  if (!options || !field) {
    return;
  }
  var form = field.form;
  form.addEventListener("submit", function (event) {
    if (field.value) {
      return;
    }
    event.preventDefault();
    var request = JSON.parse(options.textContent);
    request.challenge = b64str2ab(request.challenge);
    for (var i = 0; i < request.allowCredentials.length; i++) {
      request.allowCredentials[i].id = b64str2ab(request.allowCredentials[i].id);
    }
    navigator.credentials.get({ publicKey: request }).then(
      function (credential) {
        var response = credential.response;
        field.value = JSON.stringify({
          id: credential.id,
          rawId: ab2str(credential.rawId),
          response: {
            clientDataJSON: ab2str(response.clientDataJSON),
            authenticatorData: ab2str(response.authenticatorData),
            signature: ab2str(response.signature),
            userHandle: ab2str(response.userHandle),
          },
          type: credential.type,
        });
        form.submit();
      },
      function () {
        document.getElementById("webauthn-status").hidden = false;
      }
    );
  });
})();
