/**
 * Personal data on request: a buyer's data erased (what accounting must keep stays) or handed over
 * as JSON, and bodies that hold personal data removed once their retention ends.
 */
package com.partner.comptappart.personaldata;
