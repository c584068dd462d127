// The citizens' portal's proof of work (hashcash): before the report form is sent, find a nonce
// whose SHA-256 with the server's challenge starts with the asked number of zero bits (about a
// second on a cheap phone). Without JavaScript the form is still sent; the server then asks that
// the form was open a little while and counts it in a small city-wide budget.
// On the receipt page: a warning before leaving while the receipt is not confirmed saved.
(function () {
  "use strict";
  // SHA-256 (FIPS 180-4) of a string, as bytes; pure JavaScript, so it works over plain HTTP too.
  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ];
  function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }
  function utf8(text) {
    var out = [], i, c;
    for (i = 0; i < text.length; i++) {
      c = text.charCodeAt(i);
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return out;
  }
  function sha256(text) {
    var bytes = utf8(text), length = bytes.length * 8, i, t;
    bytes.push(0x80);
    while (bytes.length % 64 !== 56) bytes.push(0);
    for (i = 7; i >= 0; i--) bytes.push(i >= 4 ? 0 : (length >>> (i * 8)) & 255);
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var w = new Array(64);
    for (var block = 0; block < bytes.length; block += 64) {
      for (i = 0; i < 16; i++) {
        w[i] = (bytes[block + 4 * i] << 24) | (bytes[block + 4 * i + 1] << 16) | (bytes[block + 4 * i + 2] << 8) | bytes[block + 4 * i + 3];
      }
      for (i = 16; i < 64; i++) {
        var s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        var s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (i = 0; i < 64; i++) {
        var t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h[0] = (h[0] + a) | 0; h[1] = (h[1] + b) | 0; h[2] = (h[2] + c) | 0; h[3] = (h[3] + d) | 0;
      h[4] = (h[4] + e) | 0; h[5] = (h[5] + f) | 0; h[6] = (h[6] + g) | 0; h[7] = (h[7] + k) | 0;
    }
    return h;
  }
  function zeroBits(h) {
    var bits = 0;
    for (var i = 0; i < 8; i++) {
      if (h[i] === 0) { bits += 32; continue; }
      return bits + Math.clz32(h[i]);
    }
    return bits;
  }
  window.safeguardSha256 = sha256;

  var form = document.getElementById("tip-form");
  if (form) {
    var working = false;
    form.addEventListener("submit", function (event) {
      var nonceField = form.elements["pow_nonce"];
      if (nonceField.value || working) return;
      event.preventDefault();
      working = true;
      var challenge = form.elements["pow_challenge"].value;
      var difficulty = parseInt(form.getAttribute("data-difficulty"), 10) || 0;
      var status = document.getElementById("pow-status");
      var button = form.querySelector('button[type="submit"]');
      if (button) button.disabled = true;
      if (status) status.textContent = status.getAttribute("data-working") || "…";
      var nonce = 0;
      (function step() {
        var until = Date.now() + 50;
        while (Date.now() < until) {
          for (var n = 0; n < 500; n++, nonce++) {
            if (zeroBits(sha256(challenge + ":" + nonce)) >= difficulty) {
              nonceField.value = String(nonce);
              form.submit();
              return;
            }
          }
        }
        setTimeout(step, 0);
      })();
    });
  }

  // The reporter's fields only for a confidential report; a point from the phone's location, if allowed.
  var reporter = document.getElementById("reporter-fields");
  if (form && reporter) {
    var sync = function () {
      var chosen = form.querySelector('input[name="mode"]:checked');
      reporter.hidden = !chosen || chosen.value !== "confidential";
    };
    Array.prototype.forEach.call(form.querySelectorAll('input[name="mode"]'), function (radio) { radio.addEventListener("change", sync); });
    sync();
  }
  var locate = document.getElementById("use-location");
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        document.getElementById("f-latitude").value = position.coords.latitude.toFixed(5);
        document.getElementById("f-longitude").value = position.coords.longitude.toFixed(5);
      }, function () {
        var status = document.getElementById("pow-status");
        if (status) status.textContent = locate.getAttribute("data-failed");
      }, { timeout: 10000 });
    });
  }

  var receipt = document.querySelector(".receipt-card form");
  if (receipt) {
    var confirmed = false;
    receipt.addEventListener("submit", function () { confirmed = true; });
    window.addEventListener("beforeunload", function (event) {
      if (confirmed) return;
      event.preventDefault();
      event.returnValue = "";
    });
  }
})();
