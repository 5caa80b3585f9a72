// What the advocate page needs from age-encryption, as one global (window.CasebookAge): the
// decrypter (scrypt passphrase stanzas) and the ASCII armor decoder. Nothing else is exported,
// so nothing else is reachable from the page.
import { Decrypter, armor } from "age-encryption";

window.CasebookAge = Object.freeze({ Decrypter: Decrypter, decodeArmor: armor.decode });
