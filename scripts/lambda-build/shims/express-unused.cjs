// What Express loads for responses no function sends: files (`res.sendFile`,
// `res.download` through `send`; `express.static` through serve-static),
// attachments (`res.attachment`, content-disposition) and cookies
// (`res.cookie`, cookie and cookie-signature; the API authenticates with
// bearer tokens). One stand-in for all five packages (~18 KB): each export
// throws when called, so using one of those responses in a function fails
// loudly in the contract suite.
function unavailable() {
  throw new Error('Not available in a Lambda bundle: files, attachments and cookies are not served by the functions');
}
module.exports = unavailable;
module.exports.sign = unavailable;
module.exports.unsign = unavailable;
module.exports.serialize = unavailable;
module.exports.parse = unavailable;
