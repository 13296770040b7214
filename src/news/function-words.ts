/**
 * English function words in capitals: articles, pronouns, prepositions, conjunctions, auxiliaries and the commonest
 * adverbs. A run of capitals made only of these is a phrase set in capitals ("ON NOW", "IT IS", "ALL IN", "ARE YOU
 * IN"), even when each is also a ticker; a list of tickers has at least one that is no such word ("NVDA ON").
 */
export const FUNCTION_WORDS = new Set(
  (
    'A AN THE THIS THAT THESE THOSE ALL ANY SOME NO EVERY EACH BOTH ONE I ME MY WE US OUR YOU YOUR HE HIM HIS SHE ' +
    'HER IT ITS THEY THEM THEIR WHO WHAT WHICH WHEN WHERE WHY HOW ON IN AT TO OF FOR BY WITH FROM UP DOWN OUT OFF ' +
    'OVER INTO ONTO ABOUT AS AND OR BUT NOR SO IF THAN THEN NOW HERE THERE NOT IS ARE WAS WERE BE BEEN AM DO DOES ' +
    'DID HAS HAVE HAD CAN WILL MAY MUST SHALL WOULD COULD SHOULD GO GET GOT JUST ONLY ALSO TOO VERY YES OK MORE ' +
    'MOST LESS SOON AGAIN STILL YET EVER'
  ).split(' '),
);
