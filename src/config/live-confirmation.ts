/** The phrase liveConfirm must hold, exactly, for mode=live to trade real money. */
export const LIVE_CONFIRMATION = 'I understand this trades real money';
