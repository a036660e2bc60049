/*
 * balance.h - the energy balance, stepped by the engine after the sector
 * models with their flows added up (see balance.c).
 */
#ifndef LS_BALANCE_H
#define LS_BALANCE_H

#include "model.h"

extern const ls_model_type ls_model_balance;

#endif /* LS_BALANCE_H */
